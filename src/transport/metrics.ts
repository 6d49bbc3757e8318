import { percentiles, SampleWindow } from './percentiles'
import type { SampleTap } from './sampleTap'
import type { EndpointMetrics, TransportMetrics } from './types'

/** Counters and sample windows of one endpoint; each sample also goes to `tap` while someone listens. */
export class EndpointMetricsRecorder {
  attempts = 0
  successes = 0
  failures = 0
  circuitOpenings = 0
  circuitRecoveries = 0
  messagesIn = 0
  messagesDropped = 0
  messagesRejected = 0
  foreignFrames = 0
  bytesIn = 0
  messagesOut = 0
  sendOverflows = 0
  gapsDetected = 0
  resyncs = 0
  seqDropped = 0
  resumes = 0
  readonly reconnectMs: SampleWindow
  readonly latencyMs: SampleWindow

  constructor(name = '', tap: SampleTap | null = null) {
    const forward = (kind: 'rtt' | 'reconnect') => (tap === null ? null : (ms: number) => { if (tap.active) tap.emit({ kind, name, ms }) })
    this.reconnectMs = new SampleWindow(1000, forward('reconnect'))
    this.latencyMs = new SampleWindow(1000, forward('rtt'))
  }

  snapshot(): EndpointMetrics {
    return {
      attempts: this.attempts,
      successes: this.successes,
      failures: this.failures,
      successRate: this.attempts === 0 ? null : this.successes / this.attempts,
      circuitOpenings: this.circuitOpenings,
      circuitRecoveries: this.circuitRecoveries,
      reconnectMs: percentiles(this.reconnectMs.values()),
      latencyMs: percentiles(this.latencyMs.values()),
      messagesIn: this.messagesIn,
      messagesDropped: this.messagesDropped,
      messagesRejected: this.messagesRejected,
      foreignFrames: this.foreignFrames,
      bytesIn: this.bytesIn,
      messagesOut: this.messagesOut,
      sendOverflows: this.sendOverflows,
      gapsDetected: this.gapsDetected,
      resyncs: this.resyncs,
      seqDropped: this.seqDropped,
      resumes: this.resumes,
    }
  }
}

const COUNTERS = [
  'attempts', 'successes', 'failures', 'circuitOpenings', 'circuitRecoveries',
  'messagesIn', 'messagesDropped', 'messagesRejected', 'foreignFrames', 'bytesIn', 'messagesOut', 'sendOverflows', 'gapsDetected', 'resyncs', 'seqDropped', 'resumes',
] as const

/** Pool-wide totals: counters summed, percentiles over every endpoint's samples. */
export function poolMetrics(recorders: ReadonlyMap<string, EndpointMetricsRecorder>): TransportMetrics {
  const endpoints: Record<string, EndpointMetrics> = {}
  const totals = Object.fromEntries(COUNTERS.map((key) => [key, 0])) as Record<(typeof COUNTERS)[number], number>
  const reconnect: number[] = []
  const latency: number[] = []
  for (const [name, recorder] of recorders) {
    endpoints[name] = recorder.snapshot()
    for (const key of COUNTERS) totals[key] += recorder[key]
    reconnect.push(...recorder.reconnectMs.values())
    latency.push(...recorder.latencyMs.values())
  }
  return {
    ...totals,
    successRate: totals.attempts === 0 ? null : totals.successes / totals.attempts,
    reconnectMs: percentiles(reconnect),
    latencyMs: percentiles(latency),
    endpoints,
  }
}
