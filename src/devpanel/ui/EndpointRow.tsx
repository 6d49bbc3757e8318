import { memo } from 'react'
import { HEARTBEAT_UNANSWERED_MESSAGE } from '../../transport/pingSupport'
import type { ChaosControls, SequenceHealth } from '../../transport/types'
import { formatCountdown, formatMs, formatRate } from '../core/format'
import type { EndpointView } from '../core/types'
import { RowChaos } from './RowChaos'
import { Sparkline } from './Sparkline'

export interface EndpointRowProps {
  view: EndpointView
  /** The model's clock: countdowns tick with the 1 Hz sample. */
  now: number
  controls: ChaosControls
  /** Shows this endpoint's frames in the inspector. */
  onInspect: (name: string) => void
}

/** The last applied seq, and the gaps/resyncs once there were any (a resync running is marked). */
const SeqCell = ({ sequence }: { sequence: SequenceHealth }) => (
  <span data-seq={sequence.lastSeq ?? ''} data-resyncing={sequence.resyncing ? 'on' : 'off'}>
    {sequence.lastSeq ?? '—'}
    {sequence.gapsDetected > 0 && ` · ${sequence.gapsDetected} gaps / ${sequence.resyncs} resyncs`}
    {sequence.resyncing && ' · resyncing'}
  </span>
)

/** One endpoint, exactly as the store has it. */
export const EndpointRow = memo(function EndpointRow({ view, now, controls, onInspect }: EndpointRowProps) {
  const { name, health, activeChaos } = view
  const { circuitState, circuitOpenUntil, nextRetryAt, lastError, dataError } = health
  return (
    <tr className="zrdp-row" data-testid={`devpanel-row-${name}`} data-chaos={activeChaos.length > 0 ? 'on' : 'off'}>
      <th scope="row" className="zrdp-name">
        {name}
        {activeChaos.length > 0 && <span className="zrdp-sub"><span className="zrdp-chaos-badge" data-testid={`devpanel-chaos-${name}`}>chaos: {activeChaos.join(', ')}</span></span>}
      </th>
      <td data-col="status">
        <span className="zrdp-status" data-status={health.status}>{health.status}</span>
        {health.fallback === 'polling' && <span className="zrdp-pill zrdp-pill-polling" data-col="fallback">polling</span>}
        {health.paused !== false && <span className="zrdp-pill zrdp-pill-paused" data-col="paused">paused: {health.paused}</span>}
        {dataError !== null && <span className="zrdp-pill zrdp-pill-data-error" data-col="data-error" title={dataError.message}>data error</span>}
        {health.heartbeat === 'unanswered' && (
          <span className="zrdp-sub" data-col="heartbeat" title={HEARTBEAT_UNANSWERED_MESSAGE}>no pong: heartbeat off</span>
        )}
        {view.foreignFrames > 0 && (
          <span className="zrdp-sub" data-col="foreign" title="the server sends every type on every socket: frames are routed to their feed by type">
            gets every type ({view.foreignFrames} foreign)
          </span>
        )}
      </td>
      <td data-col="circuit">
        <span className="zrdp-circuit" data-state={circuitState}>{circuitState}</span>
        {circuitState === 'open' && circuitOpenUntil !== null && (
          <span className="zrdp-sub zrdp-num" data-col="probe">probe in {formatCountdown(circuitOpenUntil, now)}</span>
        )}
      </td>
      <td data-col="retry" className="zrdp-num">
        <span data-col="attempts">{health.reconnectAttempts}</span>
        {nextRetryAt !== null && <span className="zrdp-sub" data-col="next-retry">next in {formatCountdown(nextRetryAt, now)}</span>}
      </td>
      <td data-col="rtt">
        <span className="zrdp-rtt zrdp-num">{formatMs(health.latencyMs)}<Sparkline points={view.rtt} /></span>
        <span className="zrdp-sub zrdp-quality" data-col="quality" data-quality={health.quality}>{health.quality}</span>
      </td>
      <td data-col="rate" className="zrdp-num">{formatRate(view.messagesPerSecond)}</td>
      <td data-col="seq" className="zrdp-num">{health.sequence === undefined ? <span className="zrdp-muted">—</span> : <SeqCell sequence={health.sequence} />}</td>
      <td data-col="error">
        {dataError !== null ? (
          <span className="zrdp-error" title={dataError.message}>data error ×{dataError.count}: {dataError.message}</span>
        ) : lastError === null ? <span className="zrdp-muted">—</span> : (
          <span className="zrdp-error" title={`${lastError.code ?? ''} ${lastError.message}`.trim()}>
            {lastError.code !== undefined && <span className="zrdp-error-code zrdp-num">{lastError.code}</span>}
            {lastError.message}
          </span>
        )}
      </td>
      <td>
        <RowChaos name={name} chaos={view.chaos} controls={controls} />
        <button type="button" className="zrdp-btn" onClick={() => onInspect(name)} aria-label={`Frames of ${name}`}>Frames</button>
      </td>
    </tr>
  )
})
