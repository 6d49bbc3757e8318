import type { ReconnectConfig } from './types'

export type BackoffConfig = Pick<ReconnectConfig, 'baseDelay' | 'multiplier' | 'maxDelay' | 'jitterMax' | 'jitter'>

/** The exponential ceiling of attempt n (1-based): min(base·multiplier^(n-1), maxDelay). */
export const backoffCeiling = (config: BackoffConfig, attempt: number): number => {
  const growth = config.multiplier ** Math.max(0, attempt - 1)
  // 0 · Infinity is NaN once the growth overflows: a zero base stays zero.
  return Math.min(config.baseDelay === 0 ? 0 : config.baseDelay * growth, config.maxDelay)
}

/**
 * Delay before retry `attempt` (1 = the first retry after a failed attempt).
 * `previousDelay` feeds decorrelated jitter (AWS "Exponential Backoff and Jitter").
 * - additive: ceiling + U(0, jitterMax) (SPEC default)
 * - full: U(0, ceiling) — fewest calls
 * - decorrelated: min(maxDelay, U(base, previous·3)) — finishes fastest
 */
export function backoffDelay(config: BackoffConfig, attempt: number, random: () => number, previousDelay?: number): number {
  switch (config.jitter) {
    case 'full':
      return random() * backoffCeiling(config, attempt)
    case 'decorrelated': {
      const previous = Math.max(previousDelay ?? config.baseDelay, config.baseDelay)
      return Math.min(config.maxDelay, config.baseDelay + random() * (previous * 3 - config.baseDelay))
    }
    case 'additive':
      return backoffCeiling(config, attempt) + random() * config.jitterMax
  }
}

/**
 * The quick retry after an established socket drops: U(0, firstRetryMax). An endpoint that fails over
 * to other instances spreads it over U(0, max(firstRetryMax, jitterMax)) instead: its retry reaches a
 * live server at once, so the clients of a killed instance would otherwise all land within 100 ms.
 */
export const firstRetryDelay = (
  config: Pick<ReconnectConfig, 'firstRetryMax'> & Partial<Pick<ReconnectConfig, 'jitterMax'>>,
  random: () => number,
  failingOver = false,
): number => random() * (failingOver ? Math.max(config.firstRetryMax, config.jitterMax ?? 0) : config.firstRetryMax)
