import { COUNTER_NAMES, type CounterName } from '../src/reporter/report'
import type { TransportMetrics } from '../src/transport/types'

/** What the soak's own collector (a reference server outside the chaos) says it got from the Node clients' reporters. */
export interface CollectorRun {
  url: string
  /** Final reports the collector took (one per Node client, after its transport stopped). */
  finalReports: number
  clients: number
  totals: Record<CounterName, number> & { reports: number }
  /** GET /monitoring at the end (the plan's monitoring shape), for the report. */
  monitoring: { connections: { successRate: number | null }; circuits: { openings: number; recoveries: number }; latency: { p50: number | null; p95: number | null; p99: number | null }; freshness: { p50: number | null; p95: number | null; p99: number | null } }
}

export interface CollectorAgreement {
  /** counter → [the soak's own figure (sum of the clients' transport metrics), the collector's]. */
  counters: Record<CounterName, [number, number]>
  agrees: boolean
  differences: string[]
}

/** The soak's figures and the collector's, counter by counter: they must be equal, not close. */
export const compareWithCollector = (metrics: readonly TransportMetrics[], collector: CollectorRun): CollectorAgreement => {
  const counters = Object.fromEntries(COUNTER_NAMES.map((name) => [name, [metrics.reduce((sum, m) => sum + m[name], 0), collector.totals[name]]])) as Record<CounterName, [number, number]>
  const differences = Object.entries(counters).filter(([, [ours, theirs]]) => ours !== theirs).map(([name, [ours, theirs]]) => `${name}: soak ${ours}, collector ${theirs}`)
  if (collector.finalReports !== metrics.length) differences.push(`final reports: ${collector.finalReports} of ${metrics.length} clients delivered`)
  return { counters, agrees: differences.length === 0, differences }
}
