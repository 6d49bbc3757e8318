/**
 * tabs — one connection set per browser (issue 14). The demo dashboard in 1, 5 and 10 pages of ONE
 * Chromium context against the reference server, with `shareAcrossTabs` on (the default) and off
 * (`?shareAcrossTabs=0`): sockets on the server, handshakes after a server restart, WebSocket
 * payload bytes the whole browser received per second (CDP `Network.webSocketFrameReceived`, every
 * page), the JS heap of a follower tab vs a tab with sockets of its own (CDP, after GC), and, shared,
 * the hand-off: the leader page closed under live updates → new data on every other page (target 1.5 s).
 * Usage: tsx bench/tabs.ts [--tabs 1,5,10] [--window-ms 5000] [--update-ms 200]
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core'
import { FEED_NAMES } from '../src/store/dashboard/feeds'
import { waitFor, waitForBadges } from '../tests/helpers/e2eBrowser'
import { freshAt, watchFreshData } from '../tests/helpers/e2eTabs'
import { startE2EServer, type E2EServer } from '../tests/helpers/e2eServer'
import { startDemo } from '../tests/helpers/e2eVite'
import { argNumber, argValue } from './lib/args'
import { CHROMIUM_ARGS, chromiumPath } from './lib/browser'
import { sleep } from './lib/child'
import { fmtBytes, fmtMs, fmtNum, median } from './lib/stats'
import { figure } from './lib/svg'
import { markdownTable, resultHeader, writeResults } from './lib/table'

declare global {
  interface Window {
    /** In the bench's pages: when this tab took the lock and when its first socket opened, after a hand-off. */
    __handoffMarks?: Record<string, number>
  }
}

const tabCounts = (argValue('tabs') ?? '1,5,10').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0)
const windowMs = argNumber('window-ms', 5000)
const updateMs = argNumber('update-ms', 200)
const MODES = ['shared', 'per-tab'] as const
type Mode = (typeof MODES)[number]

interface Row {
  mode: Mode
  tabs: number
  sockets: number
  restartHandshakes: number
  bytesPerSecond: number
  /** Median JS heap (after GC) of the pages that do not run sockets (shared) / of every page (per tab). */
  heapPerTab: number | null
  leaderHeap: number | null
  /** Leader page closed → new data from the new leader, slowest of the other pages (shared, 2+ tabs). */
  handoffMs: number | null
}

interface Tab {
  page: Page
  cdp: CDPSession
  bytes: number
}

const roleOf = (page: Page): Promise<string | null> => page.evaluate(() => window.__realtimeTabs?.()?.role ?? null)

const heapOf = async (tab: Tab): Promise<number> => {
  await tab.cdp.send('HeapProfiler.collectGarbage')
  await tab.cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await tab.cdp.send('Runtime.getHeapUsage')
  return usedSize
}

/** Closes the leader page under live updates; ms until the slowest other page has newer data from the new leader. */
async function handoff(pages: Page[]): Promise<number | null> {
  const roles = await Promise.all(pages.map((page) => page.evaluate(() => window.__realtimeTabs?.() ?? null)))
  const leaderIndex = roles.findIndex((role) => role?.role === 'leader')
  const leader = pages[leaderIndex]
  if (leader === undefined) return null
  const others = pages.filter((page) => page !== leader)
  for (const page of others) await watchFreshData(page)
  // Where the time goes: when some tab took the lock, and when its first socket opened (in that page).
  for (const page of others) {
    await page.evaluate(() => {
      const marks: Record<string, number> = (window.__handoffMarks = {})
      window.__realtime?.transport.onTransition((transition) => {
        if (transition.kind === 'tabs' && transition.to === 'this tab leads') marks.elected ??= Date.now()
        if (transition.kind === 'state' && transition.to === 'connected') marks.firstOpen ??= Date.now()
      })
    })
  }
  await sleep(500)
  const closedAt = Date.now()
  // As a user closing the tab: unload handlers run (`pagehide`: the leader says bye and frees the lock at once).
  await leader.close({ runBeforeUnload: true })
  const times = await Promise.all(others.map((page) => waitFor(() => freshAt(page, roles[leaderIndex]?.tabId ?? null), (at) => at !== null, { timeoutMs: 20_000, message: 'new data after the hand-off' })))
  const marks = await Promise.all(others.map((page) => page.evaluate(() => window.__handoffMarks)))
  const successor = marks.find((mark) => mark?.elected !== undefined)
  const ms = (at: number | undefined): string => (at === undefined ? 'n/a' : `${at - closedAt} ms`)
  const arrivals = times.map((at) => (at ?? Number.NaN) - closedAt).sort((x, y) => x - y)
  console.log(`  hand-off: lock taken after ${ms(successor?.elected)}, first socket open after ${ms(successor?.firstOpen)}, new data in the tabs after ${arrivals.join(', ')} ms`)
  return Math.max(...arrivals)
}

async function measure(browser: Browser, server: E2EServer, demoUrl: string, mode: Mode, count: number): Promise<Row> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  try {
    const tabs: Tab[] = []
    for (let i = 0; i < count; i += 1) {
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      const tab: Tab = { page, cdp, bytes: 0 }
      await cdp.send('Network.enable')
      cdp.on('Network.webSocketFrameReceived', (event) => { tab.bytes += event.response.payloadData.length })
      await page.goto(mode === 'shared' ? demoUrl : `${demoUrl}?shareAcrossTabs=0`)
      tabs.push(tab)
    }
    const connected = () => Promise.all(tabs.map((tab) => waitForBadges(tab.page, FEED_NAMES, 'Connected', 60_000)))
    await connected()
    await sleep(1000)
    const sockets = (await server.metrics()).connections.total

    for (const tab of tabs) tab.bytes = 0
    await sleep(windowMs)
    const bytesPerSecond = tabs.reduce((total, tab) => total + tab.bytes, 0) / (windowMs / 1000)

    const roles = await Promise.all(tabs.map((tab) => roleOf(tab.page)))
    const heaps = await Promise.all(tabs.map(heapOf))
    const leaderIndex = roles.indexOf('leader')
    const ownHeaps = mode === 'shared' ? heaps.filter((_, index) => index !== leaderIndex) : heaps

    await server.kill()
    await Promise.all(tabs.map((tab) => waitForBadges(tab.page, FEED_NAMES, (text) => text !== 'Connected', 20_000)))
    await server.restart()
    await connected()
    await sleep(1000)
    const restartHandshakes = (await server.metrics()).accepts

    return {
      mode, tabs: count, sockets, restartHandshakes, bytesPerSecond,
      heapPerTab: median(ownHeaps), leaderHeap: leaderIndex >= 0 ? (heaps[leaderIndex] ?? null) : null,
      handoffMs: mode === 'shared' && count > 1 ? await handoff(tabs.map((tab) => tab.page)) : null,
    }
  } finally {
    await context.close()
    await waitFor(async () => (await server.metrics()).connections.total, (total) => total === 0, { timeoutMs: 20_000, message: 'sockets closed' })
  }
}

const server = await startE2EServer(['--update-ms', String(updateMs)])
const demo = await startDemo(server.wsBase).catch(async (error: unknown) => { await server.stop(); throw error })
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })
const rows: Row[] = []
try {
  for (const count of tabCounts) {
    for (const mode of MODES) {
      const row = await measure(browser, server, demo.url, mode, count)
      console.log(`${mode.padEnd(8)} ${String(count).padStart(2)} tabs: ${row.sockets} sockets, ${row.restartHandshakes} handshakes on restart, ${fmtBytes(row.bytesPerSecond)}/s, heap/tab ${fmtBytes(row.heapPerTab)}, hand-off ${fmtMs(row.handoffMs)}`)
      rows.push(row)
    }
  }
} finally {
  await browser.close()
  await demo.close()
  await server.stop()
}

const find = (mode: Mode, count: number): Row | undefined => rows.find((row) => row.mode === mode && row.tabs === count)
const largest = Math.max(...tabCounts)
const sharedMax = find('shared', largest)
const perTabMax = find('per-tab', largest)
const targets = [
  `- ${rows.filter((row) => row.mode === 'shared').every((row) => row.sockets === FEED_NAMES.length) ? '✅' : '❌'} shared: exactly ${FEED_NAMES.length} sockets per browser at every tab count`,
  `- ${rows.filter((row) => row.mode === 'shared').every((row) => row.restartHandshakes === FEED_NAMES.length) ? '✅' : '❌'} shared: ${FEED_NAMES.length} handshakes on a server restart at every tab count`,
  `- ${rows.every((row) => row.handoffMs === null || row.handoffMs <= 1500) ? '✅' : '❌'} hand-off: every other tab has new data within 1.5 s of the leader page closing (slowest: ${fmtMs(Math.max(...rows.map((row) => row.handoffMs ?? 0)))})`,
]
const markdown = [
  resultHeader('tabs — one connection set per browser', [
    `The demo dashboard in N pages of one Chromium context, server update every ${updateMs} ms. Shared = \`shareAcrossTabs\` (default); per tab = \`?shareAcrossTabs=0\`.`,
    `Bytes: WebSocket payload the whole browser received per second over ${windowMs / 1000} s (CDP, every page). Heap: JS heap after GC (CDP) — shared: the median follower tab (no sockets); per tab: the median tab.`,
    'Hand-off (shared, 2+ tabs): the leader page is closed under live updates; the time until the slowest other page has newer data (a higher `seq`) from the new leader, timed in the pages.',
  ]),
  markdownTable(
    ['mode', 'tabs', 'sockets', 'handshakes on restart', 'bytes received / s (browser)', 'heap per tab', 'leader tab heap', 'hand-off (leader closed → new data, slowest tab)'],
    rows.map((row) => [row.mode, row.tabs, row.sockets, row.restartHandshakes, fmtBytes(row.bytesPerSecond), fmtBytes(row.heapPerTab), fmtBytes(row.leaderHeap), row.handoffMs === null ? '—' : fmtMs(row.handoffMs)]),
  ),
  '',
  ...targets,
  '',
  sharedMax && perTabMax
    ? `Summary: with ${largest} tabs, sharing opens ${sharedMax.sockets} sockets instead of ${perTabMax.sockets}, makes ${sharedMax.restartHandshakes} handshakes on a restart instead of ${perTabMax.restartHandshakes}, and the browser receives ${fmtNum(perTabMax.bytesPerSecond / Math.max(1, sharedMax.bytesPerSecond), 1)}× fewer socket bytes.`
    : '',
].join('\n')

const svg = figure('tabs — one connection set per browser', [
  { kind: 'bar', title: 'sockets per browser', unit: 'sockets', categories: tabCounts.map((n) => `${n} tabs`), series: MODES.map((mode) => ({ name: mode, values: tabCounts.map((n) => find(mode, n)?.sockets ?? null) })) },
  { kind: 'bar', title: 'handshakes on a server restart', unit: 'handshakes', categories: tabCounts.map((n) => `${n} tabs`), series: MODES.map((mode) => ({ name: mode, values: tabCounts.map((n) => find(mode, n)?.restartHandshakes ?? null) })) },
  { kind: 'bar', title: 'socket bytes the browser receives per second', unit: 'B/s', categories: tabCounts.map((n) => `${n} tabs`), series: MODES.map((mode) => ({ name: mode, values: tabCounts.map((n) => find(mode, n)?.bytesPerSecond ?? null) })), format: (value) => fmtBytes(value) },
])
for (const file of writeResults('tabs', markdown, svg)) console.log(`wrote ${file}`)
