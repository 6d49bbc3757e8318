import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { BUCKET_BOUNDS_MS, type HistogramData } from '../../src/reporter/histogram'
import type { CounterName } from '../../src/reporter/report'
import type { ServerMetrics } from '../metrics'
import type { Collector } from './collector'

/**
 * A prom-client histogram whose buckets are the collector's merged client histograms: clients
 * send bucket counts, so there is nothing to `observe()` here; `get()` reads them at scrape time.
 */
class MergedHistogram extends Histogram<string> {
  /** An unregistered twin: its `get()` gives name, help, type and aggregator exactly as prom-client writes them. */
  private readonly template: Histogram<string>

  constructor(private readonly metricName: string, help: string, registry: Registry, private readonly read: () => HistogramData) {
    super({ name: metricName, help, buckets: [...BUCKET_BOUNDS_MS], registers: [registry] })
    this.template = new Histogram({ name: metricName, help, buckets: [...BUCKET_BOUNDS_MS], registers: [] })
  }

  override get(): ReturnType<Histogram<string>['get']> {
    return this.merged()
  }

  /** What prom-client 15's registry calls for the text exposition (not in its typings): the same figures. */
  getForPromString(): ReturnType<Histogram<string>['get']> {
    return this.merged()
  }

  private async merged(): ReturnType<Histogram<string>['get']> {
    const base = await this.template.get()
    const data = this.read()
    const bucketName = `${this.metricName}_bucket`
    let cumulative = 0
    const values = BUCKET_BOUNDS_MS.map((bound, index) => {
      cumulative += data.counts[index] ?? 0
      return { labels: { le: bound }, value: cumulative, metricName: bucketName }
    })
    return {
      ...base,
      values: [
        ...values,
        { labels: { le: '+Inf' }, value: data.count, metricName: bucketName },
        { labels: {}, value: data.sum, metricName: `${this.metricName}_sum` },
        { labels: {}, value: data.count, metricName: `${this.metricName}_count` },
      ],
    }
  }
}

const CLIENT_COUNTERS: readonly [CounterName, string, string][] = [
  ['attempts', 'zr_client_connection_attempts_total', 'Connection attempts the clients reported'],
  ['successes', 'zr_client_connection_successes_total', 'Connection attempts that opened'],
  ['failures', 'zr_client_connection_failures_total', 'Connection attempts that failed'],
  ['circuitOpenings', 'zr_client_circuit_openings_total', 'Circuits that opened'],
  ['circuitRecoveries', 'zr_client_circuit_recoveries_total', 'Circuits that closed again after a half-open probe'],
  ['messagesIn', 'zr_client_messages_in_total', 'Frames the clients received'],
  ['messagesDropped', 'zr_client_messages_dropped_total', 'Frames the clients could not read'],
  ['messagesRejected', 'zr_client_messages_rejected_total', 'Frames the clients could not apply'],
  ['gapsDetected', 'zr_client_seq_gaps_total', 'Seq gaps the clients saw'],
  ['resyncs', 'zr_client_resyncs_total', 'Resyncs after a seq gap'],
]

/** A counter that mirrors a cumulative total at scrape time. */
const mirroredCounter = (registry: Registry, name: string, help: string, read: () => number): void => {
  new Counter({
    name, help, registers: [registry],
    collect() {
      this.reset()
      this.inc(read())
    },
  })
}

const gauge = (registry: Registry, name: string, help: string, read: () => number | null): void => {
  new Gauge({
    name, help, registers: [registry],
    collect() {
      const value = read()
      this.set(value ?? Number.NaN)
    },
  })
}

/**
 * One registry per server (never prom-client's global one, so several servers in one process do
 * not clash): the server's own socket and message counters, the fleet's counters, gauges,
 * histograms and alert states, read at scrape time.
 */
export const createPrometheusRegistry = (collector: Collector, serverMetrics: () => ServerMetrics): Registry => {
  const registry = new Registry()
  new Gauge({ name: 'zr_server_sockets_open', help: 'Open WebSocket connections on this server', registers: [registry], collect() { this.set(serverMetrics().connections.total) } })
  mirroredCounter(registry, 'zr_server_socket_accepts_total', 'WebSocket connections this server accepted', () => serverMetrics().accepts)
  new Counter({
    name: 'zr_server_socket_rejects_total', help: 'WebSocket connections this server refused, by reason', labelNames: ['reason'], registers: [registry],
    collect() {
      this.reset()
      for (const [reason, count] of Object.entries(serverMetrics().rejectsByReason)) this.inc({ reason }, count)
    },
  })
  mirroredCounter(registry, 'zr_server_messages_in_total', 'Frames clients sent this server', () => serverMetrics().messagesIn)
  mirroredCounter(registry, 'zr_server_messages_out_total', 'Frames this server sent', () => serverMetrics().messagesOut)
  mirroredCounter(registry, 'zr_server_garbage_in_total', 'Unreadable frames clients sent this server', () => serverMetrics().garbageIn)

  mirroredCounter(registry, 'zr_client_reports_total', 'Metrics reports the collector took', () => collector.totals().reports)
  for (const [key, name, help] of CLIENT_COUNTERS) mirroredCounter(registry, name, help, () => collector.totals().counters[key])
  new MergedHistogram('zr_client_rtt_ms', 'Ping round trips the clients measured (ms)', registry, () => collector.totals().histograms.rttMs)
  new MergedHistogram('zr_client_reconnect_ms', 'Drop → open again, as the clients measured it (ms)', registry, () => collector.totals().histograms.reconnectMs)
  new MergedHistogram('zr_client_freshness_ms', 'Server publishedAt → applied to the store (ms)', registry, () => collector.totals().histograms.freshnessMs)

  new Gauge({
    name: 'zr_fleet_clients', help: 'Clients by state (live, stale, left)', labelNames: ['state'], registers: [registry],
    collect() {
      const { live, stale, left } = collector.fleet().clients
      this.set({ state: 'live' }, live)
      this.set({ state: 'stale' }, stale)
      this.set({ state: 'left' }, left)
    },
  })
  new Gauge({
    name: 'zr_fleet_circuits', help: 'Endpoint circuits of the live clients, by state', labelNames: ['state'], registers: [registry],
    collect() {
      const { open, closed, halfOpen } = collector.fleet().circuits
      this.set({ state: 'open' }, open)
      this.set({ state: 'closed' }, closed)
      this.set({ state: 'half_open' }, halfOpen)
    },
  })
  new Gauge({
    name: 'zr_fleet_users', help: 'Users with data (connected) and without (disconnected)', labelNames: ['state'], registers: [registry],
    collect() {
      const { connected, disconnected } = collector.fleet().users
      this.set({ state: 'connected' }, connected)
      this.set({ state: 'disconnected' }, disconnected)
    },
  })
  gauge(registry, 'zr_fleet_memory_bytes', 'Median page memory of the live clients that report it', () => collector.fleet().memory.current)
  gauge(registry, 'zr_fleet_memory_growth_bytes_per_hour', 'Median memory growth of the clients (least squares over the last hour)', () => collector.fleet().memory.growthRate)
  new Gauge({
    name: 'zr_alert_firing', help: '1 while an alert fires (the collector\'s own evaluation, GET /alerts)', labelNames: ['alert', 'severity'], registers: [registry],
    collect() {
      for (const alert of collector.alerts()) this.set({ alert: alert.name, severity: alert.severity }, alert.state === 'firing' ? 1 : 0)
    },
  })
  return registry
}
