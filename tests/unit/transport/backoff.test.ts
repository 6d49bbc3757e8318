import { describe, expect, it } from 'vitest'
import { backoffCeiling, backoffDelay, DEFAULT_RECONNECT, firstRetryDelay } from 'zustand-realtime/transport'

const config = DEFAULT_RECONNECT

describe('backoffDelay', () => {
  it('additive (default): attempt n lies in [base·2^(n-1), base·2^(n-1) + jitterMax] for n = 1..5', () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const expected = 1000 * 2 ** (attempt - 1)
      expect(backoffDelay(config, attempt, () => 0)).toBe(expected)
      expect(backoffDelay(config, attempt, () => 0.999999)).toBeCloseTo(expected + 1000, 0)
      expect(backoffDelay(config, attempt, () => 0.5)).toBe(expected + 500)
    }
  })

  it('is capped at maxDelay (plus jitter) from attempt 6 on', () => {
    expect(backoffCeiling(config, 6)).toBe(30_000)
    expect(backoffCeiling(config, 50)).toBe(30_000)
    expect(backoffDelay(config, 12, () => 0)).toBe(30_000)
    expect(backoffDelay(config, 12, () => 1)).toBe(31_000)
  })

  it('full jitter draws from [0, ceiling]', () => {
    const full = { ...config, jitter: 'full' as const }
    expect(backoffDelay(full, 3, () => 0)).toBe(0)
    expect(backoffDelay(full, 3, () => 1)).toBe(4000)
    expect(backoffDelay(full, 3, () => 0.25)).toBe(1000)
  })

  it('decorrelated jitter grows from the previous delay and never passes maxDelay', () => {
    const decorrelated = { ...config, jitter: 'decorrelated' as const }
    expect(backoffDelay(decorrelated, 1, () => 0)).toBe(1000)
    expect(backoffDelay(decorrelated, 2, () => 1, 4000)).toBe(12_000)
    expect(backoffDelay(decorrelated, 9, () => 1, 25_000)).toBe(30_000)
  })

  it('the first retry after a drop waits at most firstRetryMax (100 ms)', () => {
    expect(firstRetryDelay(config, () => 0)).toBe(0)
    expect(firstRetryDelay(config, () => 0.5)).toBe(50) // uniform over [0, firstRetryMax)
    expect(firstRetryDelay(config, () => 0.999)).toBeCloseTo(99.9)
    expect(firstRetryDelay({ firstRetryMax: 400 }, () => 0.25)).toBe(100)
  })
})
