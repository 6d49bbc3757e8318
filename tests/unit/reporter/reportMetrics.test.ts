import { describe, expect, it, vi } from 'vitest'
import { reportMetrics, type MetricsReport, type ReporterEnvironment, type ReportFetch } from 'zustand-realtime/reporter'
import { registerTabSharing } from '../../../src/transport/tabs/registry'
import { advance, setup, useFakeTransportTimers } from '../transport/fixture'

interface Call { url: string; report: MetricsReport; keepalive: boolean }

/** A collector the test answers by hand: each POST waits until `answer()`. */
const manualFetch = () => {
  const calls: Call[] = []
  const answers: ((ok: boolean | Error) => void)[] = []
  const fetch: ReportFetch = (url, init) => {
    calls.push({ url, report: JSON.parse(init.body) as MetricsReport, keepalive: init.keepalive })
    return new Promise((resolve, reject) => {
      answers.push((ok) => (ok instanceof Error ? reject(ok) : resolve({ ok })))
    })
  }
  return {
    fetch,
    calls,
    /** Answers the oldest open request. */
    answer: async (ok: boolean | Error = true) => {
      answers.shift()?.(ok)
      await vi.advanceTimersByTimeAsync(0)
    },
  }
}

const fakeEnvironment = (memoryBytes: number | null = null) => {
  let online = true
  let hide: (() => void) | null = null
  const environment: ReporterEnvironment = {
    isOnline: () => online,
    onPageHide(fn) {
      hide = fn
      return () => { hide = null }
    },
    memory: () => Promise.resolve(memoryBytes === null ? null : { bytes: memoryBytes, source: 'performance.memory' }),
  }
  return {
    environment,
    setOnline: (on: boolean) => { online = on },
    pageHide: () => hide?.(),
    get listening() { return hide !== null },
  }
}

const INTERVAL = 10_000
const tick = () => vi.advanceTimersByTimeAsync(INTERVAL)

/** A pool on fake sockets whose one endpoint is connected, plus a reporter on it. */
const connectedPool = async () => {
  const harness = setup({ heartbeat: false })
  await harness.pool.connect()
  harness.sockets.last('queue').open()
  return harness
}

describe('reportMetrics', () => {
  useFakeTransportTimers()

  it('sends one report per interval: counter deltas since the last delivered one, health, timings', async () => {
    const { pool, sockets } = await connectedPool()
    const collector = manualFetch()
    const env = fakeEnvironment(12_345_678)
    const reporter = reportMetrics(pool, { url: 'http://c/reports', intervalMs: INTERVAL, fetch: collector.fetch, environment: env.environment, clientId: 'c1' })
    pool.accept('queue', { type: 'queue_update', publishedAt: Date.now() - 40 })
    pool.accept('queue', { type: 'queue_update', publishedAt: Date.now() - 400 })
    await vi.advanceTimersByTimeAsync(INTERVAL - 1)
    expect(collector.calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(collector.calls).toHaveLength(1)
    const first = collector.calls[0]
    expect(first?.url).toBe('http://c/reports')
    expect(first?.keepalive).toBe(true)
    expect(first?.report).toMatchObject({ v: 1, client: 'c1', seq: 1, role: 'own', final: false, intervalMs: INTERVAL, memory: { bytes: 12_345_678 } })
    // Counted from the pool's start: the attempt and its success happened before the reporter began.
    expect(first?.report.counters).toMatchObject({ attempts: 1, successes: 1, failures: 0 })
    expect(first?.report.health).toEqual({ endpoints: 1, connected: 1, closed: 1, open: 0, halfOpen: 0, polling: 0, paused: 0 })
    expect(first?.report.histograms.freshnessMs.count).toBe(2)
    expect(first?.report.histograms.freshnessMs.sum).toBe(440)
    await collector.answer(true)

    // A drop, then a retry that fails: only those are in the next report, and the timings start afresh.
    sockets.last('queue').fail()
    await vi.advanceTimersByTimeAsync(2000)
    expect(sockets.all).toHaveLength(2)
    sockets.last('queue').fail()
    await vi.advanceTimersByTimeAsync(INTERVAL - 2000)
    expect(collector.calls).toHaveLength(2)
    const total = pool.metrics()
    expect(collector.calls[1]?.report.counters).toMatchObject({ attempts: total.attempts - 1, successes: 0, failures: total.failures })
    expect(total.failures).toBeGreaterThanOrEqual(1)
    expect(collector.calls[1]?.report.histograms.freshnessMs.count).toBe(0)
    expect(collector.calls[1]?.report.health.connected).toBe(0)
    expect(reporter.stats()).toMatchObject({ delivered: 1 })
    reporter.stop()
  })

  it('never has more than one report in flight: ticks while one waits are skipped, its counts go with the next', async () => {
    const { pool } = await connectedPool()
    const collector = manualFetch()
    const reporter = reportMetrics(pool, { url: 'u', intervalMs: INTERVAL, fetch: collector.fetch, environment: null })
    await tick()
    expect(collector.calls).toHaveLength(1)
    pool.accept('queue', { type: 'queue_update', publishedAt: Date.now() - 5 })
    await tick()
    await tick()
    await tick()
    expect(collector.calls).toHaveLength(1)
    expect(await reporter.flush()).toBe(false)
    expect(collector.calls).toHaveLength(1)
    expect(reporter.stats().skippedInFlight).toBe(4)
    await collector.answer(true)
    await tick()
    expect(collector.calls).toHaveLength(2)
    expect(collector.calls[1]?.report.histograms.freshnessMs.count).toBe(1)
    reporter.stop()
  })

  it('retries nothing: a failed report is not sent again before the next tick, which carries its counts and timings', async () => {
    const { pool } = await connectedPool()
    const collector = manualFetch()
    const reporter = reportMetrics(pool, { url: 'u', intervalMs: INTERVAL, fetch: collector.fetch, environment: null })
    pool.accept('queue', { type: 'queue_update', publishedAt: Date.now() - 7 })
    await tick()
    await collector.answer(new Error('network down'))
    await vi.advanceTimersByTimeAsync(INTERVAL - 1)
    expect(collector.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(collector.calls).toHaveLength(2)
    expect(collector.calls[1]?.report.counters.successes).toBe(1)
    expect(collector.calls[1]?.report.histograms.freshnessMs.count).toBe(1)
    expect(collector.calls[1]?.report.seq).toBe(2)
    await collector.answer(false) // HTTP 500: refused counts as failed too
    await tick()
    expect(collector.calls[2]?.report.counters.successes).toBe(1)
    expect(reporter.stats()).toMatchObject({ delivered: 0, failed: 2 })
    reporter.stop()
  })

  it('drops reports while offline (no request at all), and the first one back online carries everything', async () => {
    const { pool } = await connectedPool()
    const collector = manualFetch()
    const env = fakeEnvironment()
    const reporter = reportMetrics(pool, { url: 'u', intervalMs: INTERVAL, fetch: collector.fetch, environment: env.environment })
    env.setOnline(false)
    pool.accept('queue', { type: 'queue_update', publishedAt: Date.now() - 1 })
    await tick()
    await tick()
    env.pageHide()
    expect(collector.calls).toHaveLength(0)
    expect(reporter.stats().droppedOffline).toBe(3)
    env.setOnline(true)
    await tick()
    expect(collector.calls).toHaveLength(1)
    expect(collector.calls[0]?.report.counters.successes).toBe(1)
    expect(collector.calls[0]?.report.histograms.freshnessMs.count).toBe(1)
    reporter.stop()
  })

  it('sends a final report at once on pagehide (keepalive), unless one is in flight', async () => {
    const { pool } = await connectedPool()
    const collector = manualFetch()
    const env = fakeEnvironment(1000)
    const reporter = reportMetrics(pool, { url: 'u', intervalMs: INTERVAL, fetch: collector.fetch, environment: env.environment })
    advance(3000)
    env.pageHide()
    expect(collector.calls).toHaveLength(1)
    expect(collector.calls[0]?.report.final).toBe(true)
    expect(collector.calls[0]?.keepalive).toBe(true)
    env.pageHide()
    expect(collector.calls).toHaveLength(1)
    await collector.answer(true)
    reporter.stop()
    expect(env.listening).toBe(false)
  })

  it('a follower tab reports its health and the age of what it applies, but no transport counters (the leader reports those)', async () => {
    const { pool } = await connectedPool()
    registerTabSharing(pool, {
      state: () => ({ role: 'follower', tabId: 't2', leaderId: 't1', tabs: 2, handoffs: 0, channel: 'x' }),
      subscribe: () => () => {},
    })
    const collector = manualFetch()
    const reporter = reportMetrics(pool, { url: 'u', intervalMs: INTERVAL, fetch: collector.fetch, environment: null })
    pool.accept('queue', { type: 'queue_update', publishedAt: Date.now() - 3 })
    await tick()
    const report = collector.calls[0]?.report
    expect(report?.role).toBe('follower')
    expect(Object.values(report?.counters ?? {}).every((count) => count === 0)).toBe(true)
    expect(report?.health.connected).toBe(1)
    expect(report?.histograms.freshnessMs.count).toBe(1)
    reporter.stop()
  })

  it('takes a store (its transport) as well as a pool, and stop() leaves no timer or listener behind', async () => {
    const { pool } = await connectedPool()
    const collector = manualFetch()
    const env = fakeEnvironment()
    const timersBefore = vi.getTimerCount()
    const reporter = reportMetrics({ transport: pool }, { url: 'u', intervalMs: INTERVAL, fetch: collector.fetch, environment: env.environment })
    expect(vi.getTimerCount()).toBe(timersBefore + 1)
    reporter.stop()
    reporter.stop()
    expect(vi.getTimerCount()).toBe(timersBefore)
    expect(env.listening).toBe(false)
    pool.accept('queue', { type: 'queue_update', publishedAt: Date.now() })
    await tick()
    expect(collector.calls).toHaveLength(0)
    expect(await reporter.flush()).toBe(false)
  })
})
