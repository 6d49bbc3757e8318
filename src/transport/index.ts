export { createConnectionPool } from './pool'
export { failoverUrls } from './failover'
export type { FailoverOptions } from './failover'
export { backoffCeiling, backoffDelay, firstRetryDelay } from './backoff'
export type { BackoffConfig } from './backoff'
export { afterFailure, afterStableConnection, beforeAttempt, closedBreaker, earlyProbe, tripped } from './circuitBreaker'
export type { Breaker, BreakerConfig } from './circuitBreaker'
export { closePolicy } from './closeCodes'
export { defaultProtocol, envelopeProtocol } from './protocol'
export type { EnvelopeOptions, WireProtocol } from './protocol'
export { HEARTBEAT_UNANSWERED_MESSAGE } from './pingSupport'
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
export { createTabAwarePool, tabSharingOf, channelNameOf, TABS_TIMELINE_NAME } from './tabs'
export type {
  TabRole, TabSharing, TabSharingConfig, TabSharingState, LockManagerLike, LockRequestOptions, LockInfoLike, ChannelLike, ChannelConstructor, PageExit,
} from './tabs'
