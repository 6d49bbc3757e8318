import { describe, expect, it } from 'vitest'
import { parseRetryAfter, pollIntervalDelay, pollRetryDelay } from 'zustand-realtime/transport'

describe('poll schedule', () => {
  it('a failing host is probed after the interval, then twice it, each + U(0, interval / 5)', () => {
    expect([1, 2, 3, 9].map((n) => pollRetryDelay(5000, n, () => 0))).toEqual([5000, 10_000, 10_000, 10_000])
    expect([1, 2, 3].map((n) => pollRetryDelay(5000, n, () => 1))).toEqual([6000, 11_000, 11_000])
    expect(pollRetryDelay(2000, 2, () => 0.5)).toBe(4200)
  })

  it('an answering endpoint polls at its interval ± 10 %', () => {
    expect(pollIntervalDelay(5000, () => 0)).toBe(4500)
    expect(pollIntervalDelay(5000, () => 1)).toBe(5500)
  })

  it('reads Retry-After as delay-seconds or as an HTTP-date', () => {
    const now = Date.parse('Tue, 01 Dec 2026 22:00:00 GMT')
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500)
    expect(parseRetryAfter('Tue, 01 Dec 2026 22:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Tue, 01 Dec 2026 21:00:00 GMT', now)).toBe(0)
  })

  it('ignores a missing or unreadable Retry-After', () => {
    expect(parseRetryAfter(null, 0)).toBeNull()
    expect(parseRetryAfter(undefined, 0)).toBeNull()
    expect(parseRetryAfter('', 0)).toBeNull()
    expect(parseRetryAfter('soon', 0)).toBeNull()
    expect(parseRetryAfter('-5', 0)).toBeNull()
  })
})
