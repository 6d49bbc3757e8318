import type { EndpointHealth, TransportError } from '../transport/types'
import { ago, rtt } from './format'
import { useNow } from './useNow'

interface FeedHealthLineProps {
  health: EndpointHealth | undefined
}

const secondsUntil = (at: number, now: number): number => Math.max(0, Math.ceil((at - now) / 1000))

/** When the next try happens: a circuit probe, or a backoff retry (numbered once retries have started). */
const retryText = (health: EndpointHealth, now: number): string | null => {
  if (health.circuitState === 'open') {
    return health.circuitOpenUntil === null ? 'circuit open' : `circuit open · probe in ${secondsUntil(health.circuitOpenUntil, now)} s`
  }
  if (health.nextRetryAt === null || health.status === 'connected') return null
  const attempt = health.reconnectAttempts > 0 ? ` #${health.reconnectAttempts}` : ''
  return `retry${attempt} in ${secondsUntil(health.nextRetryAt, now)} s`
}

const errorText = ({ message, code }: TransportError): string =>
  code === undefined || message.includes(String(code)) ? message : `${message} (${code})`

/** Freshness, round-trip time and quality of one feed while it is up; when and why it retries while it is not. */
export function FeedHealthLine({ health }: FeedHealthLineProps) {
  const now = useNow(1000)
  if (health === undefined) return null
  const up = health.status === 'connected'
  const retry = retryText(health, now)
  return (
    <div className="health-line">
      <span title="time since the last frame on this feed">updated {ago(health.lastMessageTime, now)}</span>
      {up && <span title="last heartbeat round trip">RTT {rtt(health.latencyMs)}</span>}
      {up && (
        <span className={`quality quality--${health.quality}`} title="connection quality (age of the last frame)">
          {health.quality}
        </span>
      )}
      {retry !== null && <span className="health-line__retry">{retry}</span>}
      {!up && health.lastError !== null && (
        <span className="health-line__error" title={health.lastError.message}>
          {errorText(health.lastError)}
        </span>
      )}
    </div>
  )
}
