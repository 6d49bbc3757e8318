import { openUntil, type Breaker, type BreakerConfig } from './circuitBreaker'
import { cappedQuality, qualityOf } from './quality'
import type { ConnectionStatus, DataError, EndpointHealth, HeartbeatStatus, PauseReason, QualityThresholds, SequenceHealth, TransportError, WebSocketLike } from './types'

/** The endpoint that probes a host for the others during a shared outage. */
export interface Leader {
  readonly name: string
  readonly circuit: Breaker
  nextRetryAt(): number | null
}

/** One endpoint's connection state, with the data each state carries. */
export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'queued' }
  | { kind: 'connecting'; socket: WebSocketLike | null }
  | { kind: 'open'; socket: WebSocketLike; openedAt: number; stable: boolean; hostConfirmed: boolean }
  | { kind: 'waiting'; retryAt: number }
  | { kind: 'following'; leader: Leader }
  | { kind: 'paused'; reason: PauseReason }
  | { kind: 'failed'; error: TransportError }

const LABELS: Record<ConnectionState['kind'], string> = {
  idle: 'disconnected',
  queued: 'queued',
  connecting: 'connecting',
  open: 'connected',
  waiting: 'waiting to retry',
  following: 'waiting for host',
  paused: 'paused',
  failed: 'failed',
}

/** A short label for timelines. */
export const labelOf = (state: ConnectionState): string => LABELS[state.kind]

export function statusOf(state: ConnectionState, hasConnected: boolean, attempt: number): ConnectionStatus {
  switch (state.kind) {
    case 'open':
      return 'connected'
    case 'queued':
    case 'connecting':
      return hasConnected || attempt > 0 ? 'reconnecting' : 'connecting'
    case 'waiting':
    case 'following':
      return 'reconnecting'
    case 'idle':
    case 'paused':
    case 'failed':
      return 'disconnected'
  }
}

export interface HealthInputs {
  state: ConnectionState
  breaker: Breaker
  breakerConfig: BreakerConfig
  hasConnected: boolean
  attempt: number
  nextRetryAt: number | null
  polling: boolean
  lastError: TransportError | null
  dataError: DataError | null
  lastMessageTime: number | null
  latencyMs: number | null
  heartbeat: HeartbeatStatus
  quality: QualityThresholds
  now: number
  /** null when seq checks are off for this endpoint. */
  sequence: SequenceHealth | null
}

/** The public health of an endpoint, derived from its state (a follower shows its leader's circuit). */
export function healthOf(inputs: HealthInputs): EndpointHealth {
  const { state, now, lastMessageTime } = inputs
  const breaker = state.kind === 'following' ? state.leader.circuit : inputs.breaker
  const connected = state.kind === 'open'
  const reference = lastMessageTime ?? (state.kind === 'open' ? state.openedAt : null)
  const quality = cappedQuality(qualityOf(inputs.quality, connected, reference === null ? null : now - reference), inputs.dataError)
  return {
    status: statusOf(state, inputs.hasConnected, inputs.attempt),
    circuitState: breaker.state,
    paused: state.kind === 'paused' ? state.reason : false,
    fallback: inputs.polling ? 'polling' : 'none',
    reconnectAttempts: inputs.attempt,
    consecutiveFailures: breaker.failures,
    nextRetryAt: inputs.nextRetryAt,
    circuitOpenUntil: openUntil(inputs.breakerConfig, breaker),
    lastError: inputs.lastError,
    dataError: inputs.dataError,
    lastMessageTime,
    connectedAt: state.kind === 'open' ? state.openedAt : null,
    latencyMs: inputs.latencyMs,
    heartbeat: inputs.heartbeat,
    quality,
    isConnected: connected,
    connectionQuality: quality,
    lastUpdated: lastMessageTime,
    ...(inputs.sequence === null ? {} : { sequence: inputs.sequence }),
  }
}
