import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { afterFailure, afterStableConnection, beforeAttempt, closedBreaker, tripped, type Breaker, type BreakerConfig } from 'zustand-realtime/transport'

/**
 * The circuit breaker as a state machine, driven by random event sequences with random time
 * steps and random configs. After every event the transition must be one SPEC §5 allows, for
 * the reason it allows, with failures counted exactly.
 */

const SEED = 5_150
const RUNS = 1500

type BreakerEvent =
  | { kind: 'attempt'; dt: number }
  | { kind: 'failure'; dt: number }
  | { kind: 'stable'; dt: number }
  | { kind: 'trip'; dt: number }

const dt = fc.integer({ min: 0, max: 90_000 })
const event: fc.Arbitrary<BreakerEvent> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('attempt' as const), dt }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('failure' as const), dt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stable' as const), dt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trip' as const), dt }) },
)

const breakerConfig: fc.Arbitrary<BreakerConfig> = fc
  .record({
    failureThreshold: fc.integer({ min: 1, max: 12 }),
    maxAttempts: fc.integer({ min: 1, max: 15 }),
    recoveryTimeout: fc.integer({ min: 0, max: 120_000 }),
    halfOpenMaxAttempts: fc.integer({ min: 1, max: 5 }),
  })
  .map(({ maxAttempts, ...config }) => ({ ...config, threshold: Math.max(1, Math.min(config.failureThreshold, maxAttempts)) }))

/** Asserts that `before → after` under `e` at time `now` is a transition SPEC §5 allows. */
function checkStep(config: BreakerConfig, before: Breaker, e: BreakerEvent, now: number, after: Breaker, allowed: boolean | null): void {
  const moved = `${before.state}→${after.state} on ${e.kind}`
  switch (e.kind) {
    case 'attempt': {
      expect(after.failures, moved).toBe(before.failures)
      if (before.state === 'open') {
        const due = now >= before.openedAt + config.recoveryTimeout
        expect(allowed, moved).toBe(due)
        // open → half-open only once the recovery timeout elapsed, with no probe failed yet.
        expect(after, moved).toEqual(due ? { state: 'half-open', failures: before.failures, failedProbes: 0 } : before)
      } else {
        expect(allowed, moved).toBe(true)
        expect(after, moved).toBe(before)
      }
      return
    }
    case 'failure': {
      expect(after.failures, moved).toBe(before.failures + 1)
      if (before.state === 'closed') {
        // closed → open only when the consecutive failures reach the threshold.
        const opens = before.failures + 1 >= config.threshold
        expect(after, moved).toEqual(opens ? { state: 'open', failures: before.failures + 1, openedAt: now } : { state: 'closed', failures: before.failures + 1 })
      } else if (before.state === 'half-open') {
        const failedProbes = before.failedProbes + 1
        const reopens = failedProbes >= config.halfOpenMaxAttempts
        expect(after, moved).toEqual(reopens ? { state: 'open', failures: before.failures + 1, openedAt: now } : { state: 'half-open', failures: before.failures + 1, failedProbes })
      } else {
        // A failure reported while open keeps it open, with its recovery clock unchanged.
        expect(after, moved).toEqual({ ...before, failures: before.failures + 1 })
      }
      return
    }
    case 'stable':
      // Only a connection that stayed up closes the circuit, and failures reset.
      expect(after, moved).toEqual({ state: 'closed', failures: 0 })
      return
    case 'trip':
      expect(after, moved).toEqual({ state: 'open', failures: before.failures, openedAt: now })
  }
}

/** Legal state changes of SPEC §5 (trip = the chaos control, from anywhere to open). */
const LEGAL: Record<BreakerEvent['kind'], ReadonlySet<string>> = {
  attempt: new Set(['closed→closed', 'half-open→half-open', 'open→open', 'open→half-open']),
  failure: new Set(['closed→closed', 'closed→open', 'half-open→half-open', 'half-open→open', 'open→open']),
  stable: new Set(['closed→closed', 'half-open→closed']),
  trip: new Set(['closed→open', 'half-open→open', 'open→open']),
}

/** Replays events the way a connection does: a stable connection only after an allowed attempt. */
function replay(config: BreakerConfig, events: readonly BreakerEvent[]): { transitions: string[]; final: Breaker } {
  let breaker = closedBreaker()
  let now = 0
  let attemptAllowed = false
  const transitions: string[] = []
  for (const e of events) {
    now += e.dt
    const before = breaker
    let allowed: boolean | null = null
    if (e.kind === 'attempt') {
      const gate = beforeAttempt(config, breaker, now)
      allowed = gate.allowed
      attemptAllowed = gate.allowed
      breaker = gate.breaker
    } else if (e.kind === 'failure') {
      breaker = afterFailure(config, breaker, now)
      attemptAllowed = false
    } else if (e.kind === 'stable') {
      if (!attemptAllowed) continue // a connection can only become stable after an allowed attempt opened it
      breaker = afterStableConnection()
      attemptAllowed = false
    } else {
      breaker = tripped(breaker, now)
      attemptAllowed = false
    }
    checkStep(config, before, e, now, breaker, allowed)
    const step = `${before.state}→${breaker.state}`
    expect(LEGAL[e.kind].has(step), `${step} on ${e.kind}`).toBe(true)
    transitions.push(`${step}:${e.kind}`)
  }
  return { transitions, final: breaker }
}

describe('circuit breaker (property-based)', () => {
  it('every transition of any event sequence is legal, for the legal reason, with failures counted exactly', () => {
    fc.assert(
      fc.property(breakerConfig, fc.array(event, { maxLength: 80 }), (config, events) => {
        replay(config, events)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('an open circuit never lets an attempt through before recoveryTimeout, whatever the time steps', () => {
    fc.assert(
      fc.property(breakerConfig, fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 30 }), (config, openedAt, steps) => {
        const open = tripped(closedBreaker(), openedAt)
        let now = openedAt
        for (const step of steps) {
          now += step
          const gate = beforeAttempt(config, open, now)
          expect(gate.allowed).toBe(now - openedAt >= config.recoveryTimeout)
        }
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('failures are exactly the failures since the last stable connection', () => {
    fc.assert(
      fc.property(breakerConfig, fc.array(event, { maxLength: 80 }), (config, events) => {
        let expected = 0
        let breaker = closedBreaker()
        let now = 0
        for (const e of events) {
          now += e.dt
          if (e.kind === 'failure') { breaker = afterFailure(config, breaker, now); expected += 1 }
          if (e.kind === 'stable') { breaker = afterStableConnection(); expected = 0 }
          if (e.kind === 'attempt') breaker = beforeAttempt(config, breaker, now).breaker
          if (e.kind === 'trip') breaker = tripped(breaker, now)
          expect(breaker.failures).toBe(expected)
        }
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('with the SPEC defaults, exactly threshold consecutive failures open it, and a half-open circuit re-opens after halfOpenMaxAttempts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 5 }), (threshold, probes) => {
        const config: BreakerConfig = { failureThreshold: threshold, threshold, recoveryTimeout: 60_000, halfOpenMaxAttempts: probes }
        let breaker = closedBreaker()
        for (let i = 1; i <= threshold; i++) {
          expect(breaker.state).toBe('closed')
          breaker = afterFailure(config, breaker, i)
        }
        expect(breaker.state).toBe('open')
        breaker = beforeAttempt(config, breaker, threshold + 60_000).breaker
        for (let i = 1; i <= probes; i++) {
          expect(breaker.state).toBe('half-open')
          breaker = afterFailure(config, breaker, 100_000 + i)
        }
        expect(breaker).toMatchObject({ state: 'open', openedAt: 100_000 + probes })
      }),
      { seed: SEED, numRuns: 200 },
    )
  })
})
