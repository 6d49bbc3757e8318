import { backoffDelay, type BackoffConfig } from './backoff'

/**
 * When polls happen (pure functions of interval, failures and random). While a host is down its
 * one poll probe backs off from `intervalMs` to twice that, with additive jitter of a fifth of it:
 * ≈ 5–6 s, then 10–11 s between probes with the default 5 s interval (≤ 6 requests a minute).
 */
export const pollBackoff = (intervalMs: number): BackoffConfig => ({
  baseDelay: intervalMs,
  multiplier: 2,
  maxDelay: 2 * intervalMs,
  jitterMax: intervalMs / 5,
  jitter: 'additive',
})

/** Delay before the host's next poll probe after `failures` (≥ 1) failed ones in a row. */
export const pollRetryDelay = (intervalMs: number, failures: number, random: () => number): number =>
  backoffDelay(pollBackoff(intervalMs), Math.max(1, failures), random)

/** Next poll of an endpoint while its host answers: its interval ± 10 %, its own draw each time (no lockstep). */
export const pollIntervalDelay = (intervalMs: number, random: () => number): number =>
  intervalMs * (0.9 + 0.2 * random())

/** First poll of an endpoint once its host answered: somewhere in the next interval, so endpoints spread out. */
export const pollSpreadDelay = (intervalMs: number, random: () => number): number => random() * intervalMs

const SECONDS = /^\s*\d+(\.\d+)?\s*$/
/** Every HTTP-date form (IMF-fixdate, RFC 850, asctime) starts with the day's name. */
const HTTP_DATE = /^\s*[A-Za-z]{3}/

/**
 * `Retry-After` (RFC 9110 §10.2.3) as ms from `now`: delay-seconds or an HTTP-date.
 * Null when absent or unreadable (the backoff alone then decides).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined || value.trim() === '') return null
  if (SECONDS.test(value)) return Number(value) * 1000
  const at = HTTP_DATE.test(value) ? Date.parse(value) : Number.NaN
  return Number.isFinite(at) ? Math.max(0, at - now) : null
}
