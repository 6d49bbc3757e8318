import type { BreakerConfig } from './circuitBreaker'
import type { EndpointConnection } from './connection'
import type { FrameTap } from './frameTap'
import type { EndpointMetricsRecorder } from './metrics'
import type { PollRecovery } from './pollRecovery'
import type { WireProtocol } from './protocol'
import type { AuthConfig, ChaosState, Clock, EndpointHealth, FetchLike, HeartbeatConfig, Message, Priority, QualityThresholds, ReconnectConfig, Transition, WebSocketConstructor } from './types'

/** One endpoint's resolved options (options.ts): what the pool hands its connection, with the environment and the hooks below. */
export interface ConnectionSettings {
  name: string
  url: () => string | Promise<string>
  /** The url when it is a plain string (known before any connect). */
  staticUrl: string | null
  priority: Priority
  order: number
  poll: { url: () => string; intervalMs: number; snapshotTimeoutMs: number | null } | null
  reconnect: ReconnectConfig
  breaker: BreakerConfig
  heartbeat: HeartbeatConfig | null
  protocol: WireProtocol
  auth: AuthConfig | null
  quality: QualityThresholds
  maxMessageBytes: number
  sendBufferSize: number
  /** Check each frame's `seq` (sequenceCheck.ts). */
  checkSeq: boolean
  /** Reconnect with `?since=<last seq>` when the socket dropped less than this long ago (0 = never). */
  resumeWindowMs: number
}

export interface ConnectionEnvironment {
  clock: Clock
  random: () => number
  /** Looked up when a socket is opened, so globals installed after the pool (MSW) still apply. */
  WebSocket: () => WebSocketConstructor
  fetch: FetchLike
  metrics: EndpointMetricsRecorder
  chaos: ChaosState
  tap: FrameTap
  /** The pool's shared poll recovery, and this endpoint's host key in it. */
  polls: PollRecovery
  host: () => string
}

/** How a connection talks to its pool. */
export interface ConnectionHooks {
  requestStart(connection: EndpointConnection): void
  cancelStart(connection: EndpointConnection): void
  socketReleased(): void
  /** It failed and now waits to retry: the pool may make it wait for its host instead. */
  retrying(connection: EndpointConnection): void
  opened(connection: EndpointConnection): void
  /** It stopped, paused or gave up: it no longer takes part in a host outage. */
  left(connection: EndpointConnection): void
  /** A parsed app message (socket or poll); the pool routes it to its subscribers. */
  message(connection: EndpointConnection, message: Message, via: 'socket' | 'poll'): void
  health(connection: EndpointHealth, from: EndpointConnection): void
  transition(transition: Transition): void
}
