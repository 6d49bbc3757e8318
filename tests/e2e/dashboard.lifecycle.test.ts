import { describe, expect, it } from 'vitest'
import type { FeedName } from '../../src/store/dashboard/feeds'
import { FEEDS, acceptsSince, priorityOf, socketLog, waitFor, waitForBadges, type DashboardPage, type E2E, useE2E } from './harness'
import { hiddenTabReopens, oneSocketPerFeed } from './scenarios/recovery'

/** SPEC §5: each connect starts ≥ staggerMs (100) after the previous one, priority 1 first. */
const STAGGER_MS = 100
/**
 * At the server an accept is stamped when the handshake completes. Chromium lets only one handshake
 * per host be in flight (RFC 6455 §4.1), so one slow handshake on this shared 2-core machine holds
 * the next socket back and the two land together: server gaps of 13, 9, even 3 ms were seen while
 * the page had spaced the same sockets ≥ 100 ms apart. So the spacing is checked in the page, where
 * the scheduler acts, and the server checks what a storm would break without flaking on one stall:
 * priority order, and the 8 accepts spread over ≥ 7 × 80 ms (a storm lands within a few ms).
 */
const SERVER_MIN_SPAN_MS = 7 * 80

const gapsOf = (times: readonly number[]): number[] => times.slice(1).map((at, index) => at - (times[index] ?? at))
const feedOfUrl = (url: string): string => url.slice(url.lastIndexOf('/') + 1)

/** The no-storm contract, on the page's own `new WebSocket()` calls and on the server's acceptLog since `since`. */
const expectStaggeredLoad = async (e2e: E2E, { page }: DashboardPage, since: number): Promise<{ client: number[]; server: number[] }> => {
  const metrics = await waitFor(() => e2e.serverMetrics(), (m) => acceptsSince(m, since).length >= FEEDS.length, {
    timeoutMs: 20_000,
    message: '8 accepts',
  })
  const accepts = acceptsSince(metrics, since)
  const priorities = (names: readonly FeedName[]) => names.map(priorityOf)
  const byPriority = (values: readonly number[]) => [...values].sort((a, b) => a - b)

  const sockets = (await socketLog(page)).filter((socket) => socket.url.includes('/api/v1/ws/'))
  expect(sockets.map((socket) => feedOfUrl(socket.url)).sort()).toEqual([...FEEDS].sort())
  const clientOrder = sockets.map((socket) => FEEDS.find((name) => name === feedOfUrl(socket.url)) ?? FEEDS[0])
  expect(priorities(clientOrder)).toEqual(byPriority(priorities(clientOrder)))
  const client = gapsOf(sockets.map((socket) => socket.at))
  for (const gap of client) expect(gap).toBeGreaterThanOrEqual(STAGGER_MS - 1)

  expect(accepts.map((entry) => entry.endpoint).sort()).toEqual([...FEEDS].sort())
  expect(priorities(accepts.map((entry) => entry.endpoint))).toEqual(byPriority(priorities(accepts.map((entry) => entry.endpoint))))
  const server = gapsOf(accepts.map((entry) => entry.at))
  expect((accepts.at(-1)?.at ?? 0) - (accepts[0]?.at ?? 0)).toBeGreaterThanOrEqual(SERVER_MIN_SPAN_MS)
  return { client, server }
}

describe('dashboard page lifecycle', () => {
  const e2e = useE2E()

  it('opens the 8 sockets in priority order, ≥ 100 ms apart, on load and again after a reload (no storm)', async () => {
    const loadedAt = Date.now()
    const dashboard = await e2e().open({}, { recordSockets: true })
    const onLoad = await expectStaggeredLoad(e2e(), dashboard, loadedAt)
    await waitForBadges(dashboard.page, FEEDS, 'Connected', 20_000)
    console.log(`[e2e] load: gaps between sockets in the page ${onLoad.client.join(', ')} ms; between accepts at the server ${onLoad.server.join(', ')} ms`)

    const reloadedAt = Date.now()
    await dashboard.page.reload()
    const onReload = await expectStaggeredLoad(e2e(), dashboard, reloadedAt)
    await waitForBadges(dashboard.page, FEEDS, 'Connected', 20_000)
    console.log(`[e2e] reload: gaps between sockets in the page ${onReload.client.join(', ')} ms; between accepts at the server ${onReload.server.join(', ')} ms`)
    // The old page's sockets are gone: one socket per feed, not two.
    await waitFor(() => e2e().serverMetrics(), oneSocketPerFeed, { message: 'exactly one socket per feed after reload' })
    expect(dashboard.errors).toEqual([])
  })

  it('closes every socket while the tab is hidden and reopens exactly one per feed when it is visible', () => hiddenTabReopens(e2e))
})
