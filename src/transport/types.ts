/** A parsed inbound frame: a JSON object with a string `type` (SPEC §3). */
export interface Message {
  type: string
  data?: unknown
  timestamp?: number
  [key: string]: unknown
}

/** React's bivariance trick: lets browser, `ws` and MSW sockets all satisfy one interface. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack']

export interface CloseEventLike {
  code: number
  reason: string
  wasClean?: boolean
}

/** The part of the WebSocket API the transport uses; `globalThis.WebSocket` and `ws` both fit. */
export interface WebSocketLike {
  readonly readyState: number
  onopen: Handler<unknown> | null
  onclose: Handler<CloseEventLike> | null
  onmessage: Handler<{ data: unknown }> | null
  onerror: Handler<unknown> | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

export type WebSocketConstructor = new (url: string) => WebSocketLike

export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(id: unknown): void
}

export type Priority = 1 | 2 | 3

export interface HeartbeatConfig {
  /** ms between pings while open. */
  interval: number
  /** ms to wait for the pong (or any frame) before the socket is declared dead. */
  timeout: number
}

export interface ReconnectConfig {
  baseDelay: number
  multiplier: number
  maxDelay: number
  jitterMax: number
  maxAttempts: number
  jitter: 'additive' | 'full' | 'decorrelated'
  /** A socket must stay open this long before attempts reset (flap guard). */
  minUptime: number
  /** Upper bound of the random delay before the first retry after an established socket drops. */
  firstRetryMax: number
}

export interface CircuitBreakerConfig {
  failureThreshold: number
  recoveryTimeout: number
  halfOpenMaxAttempts: number
}

export interface QualityThresholds {
  excellentThreshold: number
  goodThreshold: number
  poorThreshold: number
}

export interface PollConfig {
  url: string | (() => string)
  intervalMs?: number
}

export interface EndpointConfig {
  name: string
  url: string | (() => string)
  priority?: Priority
  heartbeat?: Partial<HeartbeatConfig> | false
  poll?: PollConfig
}

/** Browser page lifecycle, injectable so Node and tests can drive it. */
export interface PageLifecycle {
  isHidden(): boolean
  isOffline(): boolean
  /** Registers listeners; returns the function that removes every one of them. */
  subscribe(handlers: { visibilityChange(): void; online(): void; offline(): void }): () => void
}

/** What the polling fallback needs of `fetch`; `headers` is read for `Retry-After` on 429/503. */
export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; headers?: { get(name: string): string | null }; text(): Promise<string> }>

export interface PoolOptions {
  endpoints: EndpointConfig[]
  staggerMs?: number
  reconnect?: Partial<ReconnectConfig>
  circuitBreaker?: Partial<CircuitBreakerConfig>
  heartbeat?: Partial<HeartbeatConfig>
  quality?: Partial<QualityThresholds>
  pauseWhenHidden?: boolean
  hiddenGraceMs?: number
  maxConnections?: number
  /** Outgoing messages kept per endpoint while it is not open. */
  sendBufferSize?: number
  /** Inbound frames larger than this (UTF-16 length) are dropped and counted. */
  maxMessageBytes?: number
  /** Endpoints on one host share an outage: only one probes while the others wait (default true). */
  sharedRecovery?: boolean
  WebSocket?: WebSocketConstructor
  clock?: Clock
  random?: () => number
  lifecycle?: PageLifecycle | null
  fetch?: FetchLike
}

export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected' | 'reconnecting'
export type CircuitState = 'closed' | 'open' | 'half-open'
export type Quality = 'excellent' | 'good' | 'poor' | 'disconnected'
export type PauseReason = 'hidden' | 'offline'

export interface TransportError {
  message: string
  code?: number
  at: number
}

export interface EndpointHealth {
  status: ConnectionStatus
  circuitState: CircuitState
  paused: false | PauseReason
  fallback: 'none' | 'polling'
  reconnectAttempts: number
  consecutiveFailures: number
  nextRetryAt: number | null
  /** When an open circuit lets its next probe through. */
  circuitOpenUntil: number | null
  lastError: TransportError | null
  lastMessageTime: number | null
  connectedAt: number | null
  latencyMs: number | null
  quality: Quality
  // compatibility with the old dashboard:
  isConnected: boolean
  connectionQuality: Quality
  lastUpdated: number | null
}

/** One state change of one endpoint, with why it happened (for the dev panel timeline). */
export interface Transition {
  /** A connection state change, a circuit change, or a chaos action. */
  kind: 'state' | 'circuit' | 'chaos'
  name: string
  from: string
  to: string
  reason: string
  at: number
  code?: number
}

export interface Percentiles {
  p50: number | null
  p95: number | null
  p99: number | null
  count: number
}

export interface EndpointMetrics {
  attempts: number
  successes: number
  failures: number
  successRate: number | null
  circuitOpenings: number
  circuitRecoveries: number
  reconnectMs: Percentiles
  latencyMs: Percentiles
  messagesIn: number
  messagesDropped: number
  bytesIn: number
  messagesOut: number
  sendOverflows: number
}

export interface TransportMetrics extends EndpointMetrics {
  endpoints: Record<string, EndpointMetrics>
}

export interface ChaosState {
  dropPongs: boolean
  latencyMs: number
  blockConnects: boolean
  tripped: boolean
}

export interface ChaosControls {
  /** Close the socket as if the network dropped it (default code 1006): it reconnects. */
  kill(name: string, code?: number): void
  tripCircuit(name: string): void
  resetCircuit(name: string): void
  dropPongs(name: string, on: boolean): void
  /** Delay inbound frames by `ms` (0 turns it off). */
  latency(name: string, ms: number): void
  blockConnects(name: string, on: boolean): void
  offline(on: boolean): void
  clear(): void
  /** What is switched on right now, so a UI can mark it. */
  state(): { offline: boolean; endpoints: Record<string, ChaosState> }
}

export interface ConnectionPool {
  /** Starts every endpoint, staggered by priority; resolves once each has started (or is waiting for a slot). */
  connect(): Promise<void>
  /** Closes every socket (1000), clears every timer and listener. Idempotent; `connect()` works again after it. */
  disconnect(): void
  subscribe(name: string, fn: (message: Message) => void): () => void
  onHealth(fn: (name: string, health: EndpointHealth) => void): () => void
  onTransition(fn: (transition: Transition) => void): () => void
  /** Sends now when open, else buffers; false when the buffer overflowed (recorded in lastError). Unknown names throw. */
  send(name: string, message: unknown): boolean
  health(name: string): EndpointHealth
  healthAll(): Record<string, EndpointHealth>
  metrics(): TransportMetrics
  readonly endpoints: readonly string[]
  readonly chaos: ChaosControls
}
