export { createConnectionPool } from './pool'
export { backoffCeiling, backoffDelay, firstRetryDelay } from './backoff'
export type { BackoffConfig } from './backoff'
export { afterFailure, afterStableConnection, beforeAttempt, closedBreaker, earlyProbe, tripped } from './circuitBreaker'
export type { Breaker, BreakerConfig } from './circuitBreaker'
export { closePolicy } from './closeCodes'
export { parseRetryAfter, pollRetryDelay, pollIntervalDelay } from './pollSchedule'
export { qualityOf } from './quality'
export { percentiles } from './percentiles'
export { systemClock } from './clock'
export { browserLifecycle } from './lifecycle'
export {
  DEFAULT_CIRCUIT_BREAKER, DEFAULT_HEARTBEAT, DEFAULT_QUALITY, DEFAULT_RECONNECT,
  DEFAULT_STAGGER_MS, DEFAULT_HIDDEN_GRACE_MS, DEFAULT_POLL_INTERVAL_MS,
} from './defaults'
export type * from './types'
