import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { FetchLike } from 'zustand-realtime/transport'
import { pollPath } from '../../src/store/dashboard/feeds'
import {
  allConnected, createTransportHarness, dashboardEndpoints, expectNoOpenSockets, recordTransitions, statusLine, waitFor, warmUp,
} from '../helpers/transportHarness'

/** `fetch` that logs every poll (URL, time) — the server is down for most of them and cannot count them. */
function recordingFetch(): { fetch: FetchLike; calls: { url: string; at: number }[] } {
  const calls: { url: string; at: number }[] = []
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, at: Date.now() })
      return globalThis.fetch(url, init)
    },
  }
}

describe('transport against the reference server: an outage with polling (issue 11)', () => {
  const harness = createTransportHarness()
  beforeAll(warmUp)
  afterEach(() => harness.cleanup())
  afterAll(expectNoOpenSockets)

  it('while the server is down one poll probes for all 8 feeds, backing off; its return brings every socket back long before recoveryTimeout', async () => {
    const pollIntervalMs = 500
    const first = await harness.server()
    const { port } = first
    const http = recordingFetch()
    const pool = harness.pool({
      fetch: http.fetch,
      // The breaker opens at the 2nd failure (≈ 1.5 s) instead of the 5th (≈ 17 s); recoveryTimeout keeps its 60 s default.
      circuitBreaker: { failureThreshold: 2 },
      endpoints: dashboardEndpoints(first.wsBase).map((endpoint) => ({ ...endpoint, poll: { url: first.url + pollPath(endpoint.name), intervalMs: pollIntervalMs } })),
    })
    const transitions = recordTransitions(pool)
    await pool.connect()
    await waitFor(`all connected (${statusLine(pool)})`, () => allConnected(pool), { timeoutMs: 8000 })
    await waitFor('all stable', () => pool.endpoints.every((name) => Date.now() - (pool.health(name).connectedAt ?? Date.now()) > 1100), { timeoutMs: 5000 })

    const stoppedAt = Date.now()
    await first.close()
    await waitFor(`circuit open, polling (${statusLine(pool)})`, () => pool.health('queue').circuitState === 'open' && pool.health('queue').fallback === 'polling', { timeoutMs: 10_000 })
    const openedAt = Date.now()
    // Stay down ~3.5 s with the circuit open: poll probes at ≈ 0, 0.5–0.6, 1.6–1.7, 2.6–2.8 s …
    await waitFor('3.5 s of open circuit', () => Date.now() - openedAt >= 3500, { timeoutMs: 5000, intervalMs: 20 })
    const outagePolls = http.calls.filter((call) => call.at >= stoppedAt)
    expect(new Set(outagePolls.map((call) => new URL(call.url).pathname))).toEqual(new Set([pollPath('queue')]))
    expect(outagePolls.length).toBeGreaterThanOrEqual(3)
    expect(outagePolls.length).toBeLessThanOrEqual(6)
    const gaps = outagePolls.slice(1).map((call, index) => call.at - (outagePolls[index]?.at ?? 0))
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(pollIntervalMs - 20)
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(2 * pollIntervalMs - 20) // it backed off
    expect(pool.health('queue').circuitOpenUntil).toBeGreaterThan(Date.now() + 50_000)

    const second = await harness.server({ port })
    const backAt = Date.now()
    await waitFor(`all connected again (${statusLine(pool)})`, () => allConnected(pool), { timeoutMs: 20_000 })
    const lastConnected = Math.max(...pool.endpoints.map((name) => pool.health(name).connectedAt ?? Number.NaN))
    const recoveryMs = lastConnected - backAt
    console.info(`[transport] outage with polling: ${outagePolls.length} poll probes in ${Date.now() - stoppedAt} ms; all 8 connected ${recoveryMs} ms after the server was back (recoveryTimeout 60 s)`)
    // Generous bound on a loaded machine; expected ≈ one poll step (≤ 1.1 s) + 8 staggered connects.
    expect(recoveryMs).toBeLessThan(10_000)

    // Exactly one early half-open probe, started by the poll that answered; the others followed it.
    const early = transitions.filter((t) => t.kind === 'circuit' && t.to === 'circuit half-open' && t.at >= backAt)
    expect(early.map((t) => `${t.name}: ${t.reason}`)).toEqual(['queue: a poll of the host answered: one probe now'])
    const { acceptLog, connections } = second.metrics()
    expect(acceptLog[0]?.endpoint).toBe('queue')
    expect(acceptLog).toHaveLength(8)
    expect(connections.total).toBe(8)
    // The probe closes the circuit once it stayed up minUptime.
    await waitFor(`queue circuit closed (${statusLine(pool)})`, () => pool.health('queue').circuitState === 'closed', { timeoutMs: 10_000 })
    expect(pool.health('queue')).toMatchObject({ circuitState: 'closed', fallback: 'none' })
  }, 60_000)
})
