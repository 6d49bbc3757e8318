import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { backoffDelay, createConnectionPool } from 'zustand-realtime/transport'
import { fakeSockets } from '../helpers/fakeWebSocket'

/**
 * Regression test for a bug the backoff property test found (fixed in ba01309): with baseDelay 0
 * (allowed by the option validation), `baseDelay * multiplier ** (attempt - 1)` was 0 · Infinity =
 * NaN once the growth overflowed (attempt > ~1024 / log2(multiplier)); the delay and so the
 * endpoint's `nextRetryAt` became NaN. The ceiling must stay 0 (≤ maxDelay), a finite number.
 */
describe('backoff with baseDelay 0 and many attempts', () => {
  afterEach(() => { vi.useRealTimers() })

  it('backoffDelay stays finite (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('additive' as const, 'full' as const), (attempt, jitter) => {
        const delay = backoffDelay({ baseDelay: 0, multiplier: 2, maxDelay: 30_000, jitterMax: 0, jitter }, attempt, () => 0)
        expect(Number.isFinite(delay)).toBe(true)
      }),
      { seed: 1, numRuns: 500 },
    )
  })

  it('a pool that never opens its circuit keeps nextRetryAt finite after 1100 failures', () => {
    vi.useFakeTimers({ now: 0 })
    const sockets = fakeSockets()
    const pool = createConnectionPool({
      WebSocket: sockets.WebSocket, lifecycle: null, random: () => 0,
      endpoints: [{ name: 'queue', url: 'ws://h/ws/queue', heartbeat: false }],
      reconnect: { baseDelay: 0, maxAttempts: 100_000 }, circuitBreaker: { failureThreshold: 100_000 }, staggerMs: 0,
    })
    void pool.connect()
    for (let i = 0; i < 1100; i++) {
      sockets.last('queue').fail()
      vi.advanceTimersByTime(100)
    }
    sockets.last('queue').fail()
    const { nextRetryAt, status } = pool.health('queue')
    expect(status).toBe('reconnecting')
    pool.disconnect()
    expect(Number.isFinite(nextRetryAt ?? 0)).toBe(true)
  })
})
