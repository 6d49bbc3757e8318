import type { CircuitBreakerConfig, HeartbeatConfig, QualityThresholds, ReconnectConfig } from './types'

/** SPEC §5: the defaults of the original plan. */
export const DEFAULT_RECONNECT: ReconnectConfig = {
  baseDelay: 1000,
  multiplier: 2,
  maxDelay: 30_000,
  jitterMax: 1000,
  maxAttempts: 10,
  jitter: 'additive',
  minUptime: 1000,
  firstRetryMax: 100,
}

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerConfig = {
  failureThreshold: 5,
  recoveryTimeout: 60_000,
  halfOpenMaxAttempts: 3,
}

export const DEFAULT_HEARTBEAT: HeartbeatConfig = { interval: 30_000, timeout: 5000 }

export const DEFAULT_QUALITY: QualityThresholds = {
  excellentThreshold: 5000,
  goodThreshold: 15_000,
  poorThreshold: 30_000,
}

export const DEFAULT_POLL_INTERVAL_MS = 5000
/** An open socket that brought no data this long gets one snapshot over HTTP (backends without a snapshot on connect). */
export const DEFAULT_SNAPSHOT_TIMEOUT_MS = 1000
export const DEFAULT_STAGGER_MS = 100
export const DEFAULT_HIDDEN_GRACE_MS = 5000
export const DEFAULT_SEND_BUFFER_SIZE = 100
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024
/** Health is re-emitted for a mere `lastMessageTime` move at most this often. */
export const HEALTH_REFRESH_MS = 1000
/** Close code the client uses when it gives up on a silent socket. */
export const HEARTBEAT_CLOSE_CODE = 4000
/** Close code sent to the server when chaos kills a socket. */
export const CHAOS_KILL_CLOSE_CODE = 4001
/** Close code the client uses when it drops a socket to take a fresh snapshot after a seq gap. */
export const RESYNC_CLOSE_CODE = 4002
