import { describe, expect, it } from 'vitest'
import { afterFailure, afterStableConnection, beforeAttempt, closedBreaker, earlyProbe, tripped, type Breaker, type BreakerConfig } from 'zustand-realtime/transport'

const config: BreakerConfig = { failureThreshold: 5, recoveryTimeout: 60_000, halfOpenMaxAttempts: 3, threshold: 5 }
const failTimes = (breaker: Breaker, times: number, now = 0): Breaker => {
  let next = breaker
  for (let i = 0; i < times; i++) next = afterFailure(config, next, now)
  return next
}

describe('circuit breaker', () => {
  it('stays closed below the threshold and opens on the 5th consecutive failure', () => {
    expect(failTimes(closedBreaker(), 4)).toEqual({ state: 'closed', failures: 4 })
    expect(failTimes(closedBreaker(), 5, 123)).toEqual({ state: 'open', failures: 5, openedAt: 123 })
  })

  it('an open circuit refuses attempts until recoveryTimeout, then allows one probe (half-open)', () => {
    const open = failTimes(closedBreaker(), 5, 1000)
    expect(beforeAttempt(config, open, 1000 + 59_999)).toEqual({ allowed: false, breaker: open })
    const probe = beforeAttempt(config, open, 1000 + 60_000)
    expect(probe.allowed).toBe(true)
    expect(probe.breaker).toEqual({ state: 'half-open', failures: 5, failedProbes: 0 })
  })

  it('half-open re-opens after halfOpenMaxAttempts failed probes, with a new openedAt', () => {
    let breaker = beforeAttempt(config, failTimes(closedBreaker(), 5), 60_000).breaker
    breaker = afterFailure(config, breaker, 61_000)
    expect(breaker.state).toBe('half-open')
    breaker = afterFailure(config, breaker, 62_000)
    breaker = afterFailure(config, breaker, 63_000)
    expect(breaker).toMatchObject({ state: 'open', openedAt: 63_000 })
    expect(beforeAttempt(config, breaker, 63_000 + 60_000).allowed).toBe(true)
  })

  it('a stable connection closes it and resets failures', () => {
    expect(afterStableConnection()).toEqual({ state: 'closed', failures: 0 })
  })

  it('can be tripped by hand from any state', () => {
    expect(tripped(closedBreaker(), 5)).toEqual({ state: 'open', failures: 0, openedAt: 5 })
    expect(tripped({ state: 'closed', failures: 3 }, 5)).toEqual({ state: 'open', failures: 3, openedAt: 5 })
    expect(tripped({ state: 'half-open', failures: 6, failedProbes: 1 }, 7)).toEqual({ state: 'open', failures: 6, openedAt: 7 })
    expect(tripped({ state: 'open', failures: 5, openedAt: 1 }, 9)).toEqual({ state: 'open', failures: 5, openedAt: 9 }) // a fresh recovery timeout
  })

  it('maxAttempts lower than failureThreshold opens it first', () => {
    const strict = { ...config, threshold: 2 }
    expect(afterFailure(strict, afterFailure(strict, closedBreaker(), 0), 0).state).toBe('open')
  })

  it('earlyProbe: an open circuit lets one probe through now; if it fails the circuit re-opens at once', () => {
    const open = failTimes(closedBreaker(), 5, 1000)
    const probing = earlyProbe(config, open)
    expect(probing).toEqual({ state: 'half-open', failures: 5, failedProbes: 2 })
    expect(beforeAttempt(config, probing, 2000).allowed).toBe(true)
    const reopened = afterFailure(config, probing, 2500)
    expect(reopened).toEqual({ state: 'open', failures: 6, openedAt: 2500 })
    expect(beforeAttempt(config, reopened, 2500 + 59_999).allowed).toBe(false)
  })

  it('earlyProbe leaves a closed or half-open circuit as it is', () => {
    const closed = failTimes(closedBreaker(), 2)
    expect(earlyProbe(config, closed)).toBe(closed)
    const halfOpen: Breaker = { state: 'half-open', failures: 5, failedProbes: 1 }
    expect(earlyProbe(config, halfOpen)).toBe(halfOpen)
  })
})
