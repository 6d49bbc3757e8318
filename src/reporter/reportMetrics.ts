import { systemClock } from '../transport/clock'
import { tabSharingOf } from '../transport/tabs/registry'
import type { Clock, ConnectionPool, EndpointHealth, TransportMetrics, TransportSample } from '../transport/types'
import { browserReporterEnvironment, type ReporterEnvironment } from './environment'
import { emptyHistogram, mergeInto, observe } from './histogram'
import { COUNTER_NAMES, zeroCounters, type MemoryReading, type MetricsReport, type ReportCounters, type ReportHealth } from './report'

/** What `fetch` the reporter needs; `globalThis.fetch` fits. */
export type ReportFetch = (url: string, init: { method: 'POST'; body: string; keepalive: boolean; headers: Record<string, string> }) => Promise<{ ok: boolean }>

export interface ReportMetricsOptions {
  /** The collector, e.g. `https://api.example.com/reports`. */
  url: string
  /** Default 60 000. */
  intervalMs?: number
  /** Default: random. */
  clientId?: string
  /** Sent with every report (app, version…); at most 8 short strings. */
  labels?: Record<string, string>
  fetch?: ReportFetch
  clock?: Clock
  /** Default: the browser's (`navigator.onLine`, `pagehide`, `performance`); null: none (always online, no memory). */
  environment?: ReporterEnvironment | null
  random?: () => number
}

export interface ReporterStats {
  /** Reports the collector took (2xx). */
  delivered: number
  /** Requests that failed or were refused; their counts travel with the next report. */
  failed: number
  /** Ticks skipped because a report was still in flight. */
  skippedInFlight: number
  /** Ticks skipped while offline. */
  droppedOffline: number
}

export interface MetricsReporter {
  readonly clientId: string
  /** Sends a report now, unless one is in flight or the browser is offline; resolves with whether the collector took it. */
  flush(options?: { final?: boolean }): Promise<boolean>
  /** Stops the timer and every listener; sends nothing. Idempotent. */
  stop(): void
  stats(): ReporterStats
}

/** A store with a transport (`store.transport`) or a pool. */
export type ReportSource = ConnectionPool | { transport: ConnectionPool }

const DEFAULT_INTERVAL_MS = 60_000

const poolOf = (source: ReportSource): ConnectionPool => ('transport' in source ? source.transport : source)

const countersOf = (metrics: TransportMetrics): ReportCounters => {
  const counters = zeroCounters()
  for (const name of COUNTER_NAMES) counters[name] = metrics[name]
  return counters
}

export const healthCounts = (all: Record<string, EndpointHealth>): ReportHealth => {
  const health: ReportHealth = { endpoints: 0, connected: 0, closed: 0, open: 0, halfOpen: 0, polling: 0, paused: 0 }
  for (const endpoint of Object.values(all)) {
    health.endpoints += 1
    if (endpoint.status === 'connected') health.connected += 1
    if (endpoint.circuitState === 'open') health.open += 1
    else if (endpoint.circuitState === 'half-open') health.halfOpen += 1
    else health.closed += 1
    if (endpoint.fallback === 'polling') health.polling += 1
    if (endpoint.paused !== false) health.paused += 1
  }
  return health
}

const randomId = (random: () => number): string => {
  const uuid: unknown = globalThis.crypto?.randomUUID?.()
  return typeof uuid === 'string' ? uuid : Array.from({ length: 4 }, () => Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')).join('-')
}

/**
 * Sends the transport's figures to a collector every `intervalMs`: counter deltas, endpoint
 * health, RTT / reconnect / freshness histograms and the page's memory. Bounded: one report in
 * flight at most, nothing retried (a failed report's counts go with the next one), nothing sent
 * while offline, one last report on `pagehide`.
 */
export function reportMetrics(source: ReportSource, options: ReportMetricsOptions): MetricsReporter {
  const pool = poolOf(source)
  const clock = options.clock ?? systemClock
  const intervalMs = Math.max(1000, options.intervalMs ?? DEFAULT_INTERVAL_MS)
  const environment = options.environment === undefined ? browserReporterEnvironment() : options.environment
  const fetchImpl: ReportFetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init))
  const clientId = options.clientId ?? randomId(options.random ?? Math.random)
  const labels = { ...options.labels }
  const stats: ReporterStats = { delivered: 0, failed: 0, skippedInFlight: 0, droppedOffline: 0 }

  const roleOf = (): MetricsReport['role'] => {
    const role = tabSharingOf(pool)?.state().role
    return role === 'follower' ? 'follower' : role === 'leader' ? 'leader' : 'own'
  }
  // A follower's metrics() are the leader's (which the leader reports): its own counters stay put.
  // Counted from the pool's start: the first report carries what happened before the reporter began.
  let delivered = zeroCounters()
  let timings = { rttMs: emptyHistogram(), reconnectMs: emptyHistogram(), freshnessMs: emptyHistogram() }
  const onSample = (sample: TransportSample): void => observe(timings[`${sample.kind}Ms`], sample.ms)
  const stopSamples = pool.onSample?.(onSample) ?? null

  let seq = 0
  let posting = false
  let stopped = false
  let memory: MemoryReading | null = null
  let timer: unknown = null

  const build = (final: boolean, role: MetricsReport['role']): { report: MetricsReport; totals: ReportCounters | null } => {
    const totals = role === 'follower' ? null : countersOf(pool.metrics())
    const counters = zeroCounters()
    if (totals !== null) for (const name of COUNTER_NAMES) counters[name] = Math.max(0, totals[name] - delivered[name])
    const histograms = timings
    timings = { rttMs: emptyHistogram(), reconnectMs: emptyHistogram(), freshnessMs: emptyHistogram() }
    seq += 1
    const report: MetricsReport = {
      v: 1, client: clientId, seq, at: clock.now(), intervalMs, role, final, counters, health: healthCounts(pool.healthAll()), histograms, memory, labels,
    }
    return { report, totals }
  }

  /** A report that did not arrive gives its timings back, so the next one carries them. */
  const restore = (histograms: MetricsReport['histograms']): void => {
    for (const key of ['rttMs', 'reconnectMs', 'freshnessMs'] as const) mergeInto(timings[key], histograms[key])
  }

  const post = async (final: boolean): Promise<boolean> => {
    if (posting) {
      stats.skippedInFlight += 1
      return false
    }
    if (environment !== null && !environment.isOnline()) {
      stats.droppedOffline += 1
      return false
    }
    const { report, totals } = build(final, roleOf())
    posting = true
    let ok = false
    try {
      // text/plain keeps it a simple request: no CORS preflight, which a keepalive request on pagehide may not get.
      const response = await fetchImpl(options.url, { method: 'POST', body: JSON.stringify(report), keepalive: true, headers: { 'Content-Type': 'text/plain' } })
      ok = response.ok
    } catch {
      ok = false
    } finally {
      posting = false
    }
    if (ok) {
      stats.delivered += 1
      if (totals !== null) delivered = totals
    } else {
      stats.failed += 1
      restore(report.histograms)
    }
    return ok
  }

  const measureMemory = async (): Promise<void> => {
    if (environment === null) return
    try {
      memory = (await environment.memory()) ?? memory
    } catch {
      // Keep the last reading.
    }
  }

  const schedule = (): void => {
    timer = clock.setTimeout(() => {
      timer = null
      void tick()
    }, intervalMs)
  }

  // The next tick is due on the same cadence however long this report takes (a hung request skips ticks, never stops them).
  const tick = async (): Promise<void> => {
    schedule()
    if (posting) {
      stats.skippedInFlight += 1
      return
    }
    await measureMemory()
    if (!stopped) await post(false)
  }

  // pagehide cannot wait for a memory measurement: the final report takes the last one.
  const stopPageHide = environment?.onPageHide(() => { if (!stopped) void post(true) }) ?? null
  schedule()

  return {
    clientId,
    async flush(flushOptions) {
      if (stopped) return false
      await measureMemory()
      return post(flushOptions?.final === true)
    },
    stop() {
      if (stopped) return
      stopped = true
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
      stopSamples?.()
      stopPageHide?.()
    },
    stats: () => ({ ...stats }),
  }
}
