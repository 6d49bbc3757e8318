import type { WireProtocol } from './protocol'

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
  /**
   * A socket that opens but brings no data of this endpoint within this many ms gets one snapshot
   * over HTTP from `url` (for backends that send no snapshot on connect). `false` = never. Default 1000.
   */
  snapshotTimeoutMs?: number | false
}

/** A socket URL, or a function called before each connect (it may fetch a fresh token first). */
export type UrlSource = string | (() => string | Promise<string>)

export interface AuthConfig {
  /** Called once when the server closes with 4401; the endpoint then reconnects (re-reading `url`). A second 4401 in a row is final. */
  refresh(): Promise<void> | void
}

export interface EndpointConfig {
  name: string
  url: UrlSource
  priority?: Priority
  /** `false`: no pings (a server that answers none); the pool-level setting when absent. */
  heartbeat?: Partial<HeartbeatConfig> | false
  poll?: PollConfig
  /** How frames look on the wire (default: SPEC §3 `{type, data}`); overrides the pool's. */
  protocol?: WireProtocol
  /** Token refresh on 4401; overrides the pool's. */
  auth?: AuthConfig
  /** Check each frame's `seq` (gaps resync, repeats drop); frames without one are never checked. Default: the pool's `checkSeq`. */
  checkSeq?: boolean
  /**
   * The message `type`s this endpoint owns. When endpoints declare them, the pool routes every frame
   * by its type to its owner, whichever socket carried it, applies a frame that arrives on several
   * sockets once, and rejects a type nobody owns (see `ConnectionPool.reject`). Undeclared: every frame of
   * this socket goes to its own subscribers, as before.
   */
  types?: readonly string[]
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
  /** Every endpoint's heartbeat; `false` turns it off for all (an endpoint's own setting wins). */
  heartbeat?: Partial<HeartbeatConfig> | false
  quality?: Partial<QualityThresholds>
  /** Every endpoint's wire protocol (default `defaultProtocol`). */
  protocol?: WireProtocol
  /** Every endpoint's 4401 token refresh. */
  auth?: AuthConfig
  pauseWhenHidden?: boolean
  hiddenGraceMs?: number
  maxConnections?: number
  /** Outgoing messages kept per endpoint while it is not open. */
  sendBufferSize?: number
  /** Inbound frames larger than this (UTF-16 length) are dropped and counted. */
  maxMessageBytes?: number
  /** Endpoints on one host share an outage: only one probes while the others wait (default true). */
  sharedRecovery?: boolean
  /**
   * Pools on one page that use the same `WebSocket` and `clock` share one start schedule (default true):
   * sockets of all of them start one at a time, each ≥ its pool's `staggerMs` after the page's previous
   * start, priority first, and together never exceed the smallest `maxConnections` any of them set.
   * `false` gives this pool a schedule of its own.
   */
  sharedSchedule?: boolean
  /** Check frames' `seq` on every endpoint (default true); turn off for a backend whose seq means something else. */
  checkSeq?: boolean
  /**
   * Reconnect recovery: a socket that dropped less than this many ms ago reconnects with
   * `?since=<last seq>`; a server that still holds the missed frames answers `{type:"resumed", seq}`
   * and replays them instead of a snapshot. Default 0 (off: the URL is never changed).
   */
  resumeWindowMs?: number
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
/**
 * `on`: pinging; `off`: no heartbeat (configured `false`, or a protocol without pings);
 * `unanswered`: the server never answered a ping, so the heartbeat stopped for this session.
 */
export type HeartbeatStatus = 'on' | 'off' | 'unanswered'

export interface TransportError {
  message: string
  code?: number
  at: number
}

/** The latest frame(s) of an endpoint could not be applied; cleared by the next accepted one. */
export interface DataError {
  /** Why the latest rejected frame was rejected. */
  message: string
  at: number
  /** Frames rejected in a row since the last accepted one. */
  count: number
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
  /** Set while the latest frame of this endpoint was rejected (quality is then at best 'poor'). */
  dataError: DataError | null
  lastMessageTime: number | null
  connectedAt: number | null
  latencyMs: number | null
  /** Whether dead-socket detection runs (see HeartbeatStatus). */
  heartbeat: HeartbeatStatus
  quality: Quality
  // compatibility with the old dashboard:
  isConnected: boolean
  connectionQuality: Quality
  lastUpdated: number | null
  /** Seq checks (absent when they are off for this endpoint). */
  sequence?: SequenceHealth
}

export interface SequenceHealth {
  /** The seq of the last frame applied; null before the first snapshot (or for a backend without seq). */
  lastSeq: number | null
  /** A gap was seen and the fresh snapshot has not arrived yet. */
  resyncing: boolean
  gapsDetected: number
  resyncs: number
}

/** One state change of one endpoint, with why it happened (for the dev panel timeline). */
export interface Transition {
  /** A connection state change, a circuit change, a chaos action, a heartbeat event (liveness check, heartbeat given up), or a leader change between tabs. */
  kind: 'state' | 'circuit' | 'chaos' | 'heartbeat' | 'tabs'
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
  /** Frames the app could not apply (a reducer threw, a schema said no) or whose type nobody owns. */
  messagesRejected: number
  /** Frames this socket carried for another endpoint (routed there by type, or a repeat already applied). */
  foreignFrames: number
  bytesIn: number
  messagesOut: number
  sendOverflows: number
  /** Frames whose seq skipped ahead (each starts a resync). */
  gapsDetected: number
  resyncs: number
  /** Repeated or older seq: dropped, never applied. */
  seqDropped: number
  /** Reconnects the server answered with a replay of the missed frames instead of a snapshot. */
  resumes: number
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
  /**
   * The app's verdict on a message it received from `subscribe(name)`: it was applied. Clears the
   * endpoint's `dataError`. The store middleware calls this for every message it applies.
   */
  accept(name: string, message: Message): void
  /**
   * The app's verdict: `message` could not be applied (a reducer threw, a schema rejected its data).
   * Counts `messagesRejected`, sets `dataError` (and `lastError`) to `reason` until the next `accept`.
   */
  reject(name: string, message: Message, reason: string): void
  /** Every frame in and out, and every verdict, as it happens (dev tools). Free while nobody listens. */
  onFrame(fn: (event: FrameEvent) => void): () => void
  /**
   * Every timing as it is measured (ping round trips, reconnect times, message ages on apply),
   * for the metrics reporter. Free while nobody listens. Optional: pools written elsewhere may lack it.
   */
  onSample?(fn: (sample: TransportSample) => void): () => void
  readonly endpoints: readonly string[]
  readonly chaos: ChaosControls
}

/**
 * One timing of one endpoint, in ms. `rtt`: a ping answered; `reconnect`: drop → open again;
 * `freshness`: the server's `publishedAt` → the app applied the message (its verdict `accept`).
 */
export interface TransportSample {
  kind: 'rtt' | 'reconnect' | 'freshness'
  name: string
  ms: number
}

/** What became of an inbound frame. */
export type FrameVerdict =
  | { kind: 'accepted' }
  | { kind: 'rejected'; reason: string }
  /** The transport could not read it (not JSON, no `type`, too large). */
  | { kind: 'dropped'; reason: string }
  /** Another endpoint owns its type: delivered there. */
  | { kind: 'routed'; to: string }
  /** The same frame already arrived on another socket and was delivered once. */
  | { kind: 'repeat'; of: string }

export type FrameEvent =
  | {
      kind: 'frame'
      name: string
      direction: 'in' | 'out'
      /** 'poll' for a snapshot fetched over HTTP. */
      via: 'socket' | 'poll'
      at: number
      /** UTF-16 length of the text. */
      size: number
      /** The parsed message, or the raw text when it is not one (and for outgoing frames). */
      body: Message | string
      /** Set at once when the transport decides (dropped, routed, repeat); else a `verdict` event follows. */
      verdict?: FrameVerdict
    }
  | { kind: 'verdict'; name: string; message: Message; verdict: FrameVerdict; at: number }
