import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffCeiling, backoffDelay, firstRetryDelay, type BackoffConfig } from 'zustand-realtime/transport'

/**
 * Property tests of the reconnect backoff (SPEC §5) over random configurations, attempts,
 * random draws and previous delays, for all three jitter modes.
 */

const SEED = 20_251
const RUNS = 2000

const jitterMode = fc.constantFrom<BackoffConfig['jitter']>('additive', 'full', 'decorrelated')

/** Configs a user could pass (the pool allows any finite number ≥ 0); multiplier ≥ 1 is exponential growth. */
const config = fc.record({
  baseDelay: fc.integer({ min: 0, max: 120_000 }),
  multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
  maxDelay: fc.integer({ min: 0, max: 600_000 }),
  jitterMax: fc.integer({ min: 0, max: 60_000 }),
  jitter: jitterMode,
})

/** What Math.random can return: [0, 1). */
const draw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })
/** Attempt numbers well past the cap (a breaker opens at ≤ maxAttempts, but maxAttempts is user-set). */
const attempt = fc.integer({ min: 1, max: 5000 })
const previous = fc.option(fc.double({ min: 0, max: 1_000_000, noNaN: true }), { nil: undefined })

/** The largest delay a mode may return for attempt n (SPEC: cap plus jitter). */
const upperBound = (c: BackoffConfig, n: number): number => {
  switch (c.jitter) {
    case 'additive':
      return backoffCeiling(c, n) + c.jitterMax
    case 'full':
      return backoffCeiling(c, n)
    case 'decorrelated':
      return c.maxDelay
  }
}

describe('backoff (property-based)', () => {
  it('is a finite number, never negative, never above the cap plus jitter — any mode, any config', () => {
    fc.assert(
      fc.property(config, attempt, draw, previous, (c, n, r, prev) => {
        const delay = backoffDelay(c, n, () => r, prev)
        expect(Number.isFinite(delay)).toBe(true)
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThanOrEqual(upperBound(c, n))
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('the ceiling min(base·multiplier^(n-1), maxDelay) is monotone over attempts and reaches the cap', () => {
    fc.assert(
      fc.property(config, fc.integer({ min: 1, max: 4999 }), (c, n) => {
        const here = backoffCeiling(c, n)
        const next = backoffCeiling(c, n + 1)
        expect(Number.isFinite(here)).toBe(true)
        expect(next).toBeGreaterThanOrEqual(here)
        expect(here).toBeLessThanOrEqual(c.maxDelay)
        expect(here).toBeGreaterThanOrEqual(Math.min(c.baseDelay, c.maxDelay))
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('additive: delay − ceiling is the jitter, in [0, jitterMax); the delay is monotone in attempt for a fixed draw', () => {
    fc.assert(
      fc.property(config, fc.integer({ min: 1, max: 200 }), draw, (c, n, r) => {
        const additive = { ...c, jitter: 'additive' as const }
        const jitter = backoffDelay(additive, n, () => r) - backoffCeiling(additive, n)
        expect(jitter).toBeGreaterThanOrEqual(0)
        expect(jitter).toBeLessThanOrEqual(c.jitterMax)
        expect(backoffDelay(additive, n + 1, () => r)).toBeGreaterThanOrEqual(backoffDelay(additive, n, () => r))
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('full: the delay is the draw times the ceiling, so a sequence of attempts never exceeds its own ceilings', () => {
    fc.assert(
      fc.property(config, fc.array(draw, { minLength: 1, maxLength: 40 }), (c, draws) => {
        const full = { ...c, jitter: 'full' as const }
        draws.forEach((r, index) => {
          const n = index + 1
          expect(backoffDelay(full, n, () => r)).toBeCloseTo(r * backoffCeiling(full, n), 6)
        })
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('decorrelated: a chain of delays (each fed the previous one) stays within [min(base, cap), cap]', () => {
    fc.assert(
      fc.property(config, fc.array(draw, { minLength: 1, maxLength: 60 }), (c, draws) => {
        const decorrelated = { ...c, jitter: 'decorrelated' as const }
        let prev: number | undefined
        draws.forEach((r, index) => {
          const delay = backoffDelay(decorrelated, index + 1, () => r, prev)
          expect(delay).toBeGreaterThanOrEqual(Math.min(c.baseDelay, c.maxDelay))
          expect(delay).toBeLessThanOrEqual(c.maxDelay)
          prev = delay
        })
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('the quick first retry after a drop lies in [0, firstRetryMax)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), draw, (firstRetryMax, r) => {
        const delay = firstRetryDelay({ firstRetryMax }, () => r)
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThanOrEqual(firstRetryMax)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
})
