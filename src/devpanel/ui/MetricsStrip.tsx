import { memo } from 'react'
import type { TransportMetrics } from '../../transport/types'
import { formatCount, formatMs, formatPercent } from '../core/format'

/** Pool-wide figures from the last 1 Hz sample. */
export const MetricsStrip = memo(function MetricsStrip({ metrics }: { metrics: TransportMetrics | null }) {
  if (metrics === null) return <p className="zrdp-muted" aria-live="polite">Sampling metrics…</p>
  const { reconnectMs, latencyMs } = metrics
  return (
    <section aria-label="Pool metrics">
      <h3 className="zrdp-section-title">Pool metrics</h3>
      <dl className="zrdp-metrics" data-testid="devpanel-metrics">
        <div className="zrdp-metric">
          <dt>Connect success rate</dt>
          <dd className="zrdp-num" data-metric="success-rate">{formatPercent(metrics.successRate)} <span className="zrdp-muted">({metrics.successes}/{metrics.attempts})</span></dd>
        </div>
        <div className="zrdp-metric">
          <dt>Reconnect p50 / p95 / p99</dt>
          <dd className="zrdp-num" data-metric="reconnect">{formatMs(reconnectMs.p50)} / {formatMs(reconnectMs.p95)} / {formatMs(reconnectMs.p99)}</dd>
        </div>
        <div className="zrdp-metric">
          <dt>Circuit openings / recoveries</dt>
          <dd className="zrdp-num" data-metric="circuits">{metrics.circuitOpenings} / {metrics.circuitRecoveries}</dd>
        </div>
        <div className="zrdp-metric">
          <dt>Messages in / dropped</dt>
          <dd className="zrdp-num" data-metric="messages">{formatCount(metrics.messagesIn)} / {formatCount(metrics.messagesDropped)}</dd>
        </div>
        <div className="zrdp-metric">
          <dt>Seq gaps / resyncs</dt>
          <dd className="zrdp-num" data-metric="sequence">{formatCount(metrics.gapsDetected)} / {formatCount(metrics.resyncs)}</dd>
        </div>
        <div className="zrdp-metric">
          <dt>Heartbeat RTT p50 / p95</dt>
          <dd className="zrdp-num" data-metric="rtt">{formatMs(latencyMs.p50)} / {formatMs(latencyMs.p95)}</dd>
        </div>
      </dl>
    </section>
  )
})
