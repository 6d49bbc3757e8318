import type { CircuitBreakerConfig, CircuitState } from './types'

/** Breaker state with each state's own data; open → half-open is decided from a timestamp, not a timer. */
export type Breaker =
  | { state: 'closed'; failures: number }
  | { state: 'open'; failures: number; openedAt: number }
  | { state: 'half-open'; failures: number; failedProbes: number }

export interface BreakerConfig extends CircuitBreakerConfig {
  /** Consecutive failures that open it: min(failureThreshold, reconnect.maxAttempts). */
  threshold: number
}

export const closedBreaker = (): Breaker => ({ state: 'closed', failures: 0 })

export const openUntil = (config: BreakerConfig, breaker: Breaker): number | null =>
  breaker.state === 'open' ? breaker.openedAt + config.recoveryTimeout : null

/** May a socket be opened now? An open circuit past its recovery timeout lets one probe through (half-open). */
export function beforeAttempt(config: BreakerConfig, breaker: Breaker, now: number): { allowed: boolean; breaker: Breaker } {
  if (breaker.state !== 'open') return { allowed: true, breaker }
  if (now < breaker.openedAt + config.recoveryTimeout) return { allowed: false, breaker }
  return { allowed: true, breaker: { state: 'half-open', failures: breaker.failures, failedProbes: 0 } }
}

/** A failed attempt (or a socket that died before minUptime). */
export function afterFailure(config: BreakerConfig, breaker: Breaker, now: number): Breaker {
  const failures = breaker.failures + 1
  switch (breaker.state) {
    case 'closed':
      return failures >= config.threshold ? { state: 'open', failures, openedAt: now } : { state: 'closed', failures }
    case 'half-open': {
      const failedProbes = breaker.failedProbes + 1
      return failedProbes >= config.halfOpenMaxAttempts
        ? { state: 'open', failures, openedAt: now }
        : { state: 'half-open', failures, failedProbes }
    }
    case 'open':
      return { ...breaker, failures }
  }
}

/** A socket stayed up for minUptime: the circuit closes and failures reset. */
export const afterStableConnection = (): Breaker => closedBreaker()

/**
 * Proof that the host is back (a successful poll, `online`, the tab visible) — or polls that stand
 * in for the retries: an open circuit lets exactly one probe through now, without waiting for
 * `recoveryTimeout`. It is the last probe of its half-open phase, so if it fails the circuit
 * re-opens at once (for a fresh `recoveryTimeout`). Any other state is left as it is.
 */
export function earlyProbe(config: BreakerConfig, breaker: Breaker): Breaker {
  if (breaker.state !== 'open') return breaker
  return { state: 'half-open', failures: breaker.failures, failedProbes: Math.max(0, config.halfOpenMaxAttempts - 1) }
}

export const tripped = (breaker: Breaker, now: number): Breaker => ({ state: 'open', failures: breaker.failures, openedAt: now })

export const circuitStateOf = (breaker: Breaker): CircuitState => breaker.state
