import { emptyHistogram, observe, zeroCounters, type MetricsReport, type ReportCounters, type ReportHealth } from 'zustand-realtime/reporter'

export interface ReportParts {
  client: string
  seq: number
  role?: MetricsReport['role']
  final?: boolean
  intervalMs?: number
  counters?: Partial<ReportCounters>
  health?: Partial<ReportHealth>
  rtt?: readonly number[]
  reconnect?: readonly number[]
  freshness?: readonly number[]
  memoryBytes?: number | null
}

const histogramOf = (samples: readonly number[] = []) => {
  const histogram = emptyHistogram()
  for (const sample of samples) observe(histogram, sample)
  return histogram
}

/** A well-formed metrics report (version 1) with the given parts; everything else zero. */
export const makeReport = (parts: ReportParts): MetricsReport => ({
  v: 1,
  client: parts.client,
  seq: parts.seq,
  at: Date.now(),
  intervalMs: parts.intervalMs ?? 60_000,
  role: parts.role ?? 'own',
  final: parts.final ?? false,
  counters: { ...zeroCounters(), ...parts.counters },
  health: { endpoints: 8, connected: 8, closed: 8, open: 0, halfOpen: 0, polling: 0, paused: 0, ...parts.health },
  histograms: { rttMs: histogramOf(parts.rtt), reconnectMs: histogramOf(parts.reconnect), freshnessMs: histogramOf(parts.freshness) },
  memory: parts.memoryBytes === undefined || parts.memoryBytes === null ? null : { bytes: parts.memoryBytes, source: 'performance.memory' },
  labels: {},
})
