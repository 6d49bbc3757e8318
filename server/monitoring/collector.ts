import { summarize, type HistogramSummary } from '../../src/reporter/histogram'
import { parseReport, type ReportCounters } from '../../src/reporter/report'
import { AlertEvaluator, type AlertInputs, type AlertStatus } from './alerts'
import { fleetFigures, type ClientRecord, type FleetFigures, type FleetOptions } from './fleet'
import { emptyTotals, addReport, WindowedTotals, type Totals } from './windowedTotals'

export interface CollectorOptions extends Partial<FleetOptions> {
  /** Rates and percentiles are over this window. Default 5 min. */
  windowMs?: number
  /** A breach must last this long before its alert fires. Default 60 s. */
  alertForMs?: number
  now?: () => number
}

const MB = 1_000_000
/** The plan's budget: a fleet growing more than this per 24 h leaks. */
export const LEAK_BYTES_PER_DAY = 10 * MB

/** The body of `GET /monitoring`: the original plan's monitoring shape, over the fleet. */
export interface MonitoringSnapshot {
  at: number
  windowMs: number
  clients: FleetFigures['clients']
  connections: { total: number; successful: number; failed: number; successRate: number | null }
  circuits: FleetFigures['circuits'] & { openings: number; recoveries: number; recoveryRate: number | null }
  memory: { current: number | null; growthRate: number | null; leakDetected: boolean; clients: number }
  latency: HistogramSummary
  reconnect: HistogramSummary
  freshness: HistogramSummary
  users: FleetFigures['users']
  errors: { rate: number | null; failed: number; dropped: number; rejected: number }
  /** Since the collector started. */
  totals: ReportCounters & { reports: number; connectionSuccessRate: number | null }
}

export interface Collector {
  /** A `POST /reports` body: ok, or why it was refused. */
  ingest(body: unknown): { ok: true } | { ok: false; error: string }
  monitoring(): MonitoringSnapshot
  alerts(): AlertStatus[]
  /** Cumulative totals since start (Prometheus counters and histograms). */
  totals(): Totals
  fleet(): FleetFigures
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole)

export const createCollector = (options: CollectorOptions = {}): Collector => {
  const now = options.now ?? Date.now
  const windowMs = options.windowMs ?? 300_000
  const fleetOptions: FleetOptions = {
    staleIntervals: options.staleIntervals ?? 2.5,
    forgetAfterMs: options.forgetAfterMs ?? 600_000,
    memoryWindowMs: options.memoryWindowMs ?? 3_600_000,
    minMemorySpanMs: options.minMemorySpanMs ?? 600_000,
    maxClients: options.maxClients ?? 10_000,
  }
  const clients = new Map<string, ClientRecord>()
  const window = new WindowedTotals(windowMs)
  const total = emptyTotals()
  const evaluator = new AlertEvaluator(options.alertForMs ?? 60_000)

  const forget = (at: number): void => {
    for (const [id, client] of clients) if (at - client.seenAt > fleetOptions.forgetAfterMs) clients.delete(id)
  }

  const snapshot = (): MonitoringSnapshot => {
    const at = now()
    forget(at)
    const fleet = fleetFigures(clients.values(), at, fleetOptions)
    const { counters, histograms } = window.sum(at)
    const errors = counters.failures + counters.messagesDropped + counters.messagesRejected
    return {
      at,
      windowMs,
      clients: fleet.clients,
      connections: { total: counters.attempts, successful: counters.successes, failed: counters.failures, successRate: ratio(counters.successes, counters.attempts) },
      circuits: { ...fleet.circuits, openings: counters.circuitOpenings, recoveries: counters.circuitRecoveries, recoveryRate: ratio(counters.circuitRecoveries, counters.circuitOpenings) },
      memory: { ...fleet.memory, leakDetected: fleet.memory.growthRate !== null && fleet.memory.growthRate * 24 > LEAK_BYTES_PER_DAY },
      latency: summarize(histograms.rttMs),
      reconnect: summarize(histograms.reconnectMs),
      freshness: summarize(histograms.freshnessMs),
      users: fleet.users,
      errors: { rate: ratio(errors, counters.attempts + counters.messagesIn), failed: counters.failures, dropped: counters.messagesDropped, rejected: counters.messagesRejected },
      totals: { ...total.counters, reports: total.reports, connectionSuccessRate: ratio(total.counters.successes, total.counters.attempts) },
    }
  }

  const alertInputs = (figures: MonitoringSnapshot): AlertInputs => ({
    successRate: figures.connections.successRate,
    failureRate: ratio(figures.connections.failed, figures.connections.total),
    errorRate: figures.errors.rate,
    reconnectMeanMs: figures.reconnect.mean,
    circuitRecoveryRate: figures.circuits.recoveryRate,
    disconnectionRate: figures.users.disconnectionRate,
    memoryGrowthPerHour: figures.memory.growthRate,
    freshnessP95Ms: figures.freshness.p95,
  })
  const alerts = (): AlertStatus[] => {
    const figures = snapshot()
    return evaluator.evaluate(alertInputs(figures), figures.at)
  }

  return {
    ingest(body) {
      const report = parseReport(body)
      if (typeof report === 'string') return { ok: false, error: report }
      const at = now()
      const known = clients.get(report.client)
      if (known !== undefined && report.seq <= known.lastSeq) return { ok: true } // a repeat: counted once
      if (known === undefined && clients.size >= fleetOptions.maxClients) {
        forget(at)
        if (clients.size >= fleetOptions.maxClients) return { ok: false, error: 'too many clients' }
      }
      const memory = known?.memory ?? []
      if (report.memory !== null) memory.push([at, report.memory.bytes])
      while (memory.length > 0 && at - (memory[0]?.[0] ?? at) > fleetOptions.memoryWindowMs) memory.shift()
      clients.set(report.client, {
        id: report.client, role: report.role, lastSeq: report.seq, seenAt: at, intervalMs: report.intervalMs, final: report.final,
        health: report.health, memory, memorySource: report.memory?.source ?? known?.memorySource ?? null, labels: report.labels,
      })
      window.add(at, report)
      addReport(total, report)
      alerts()
      return { ok: true }
    },
    monitoring: snapshot,
    alerts,
    totals: () => total,
    fleet: () => fleetFigures(clients.values(), now(), fleetOptions),
  }
}
