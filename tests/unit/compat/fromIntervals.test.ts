import { describe, expect, it } from 'vitest'
import { fromIntervals } from 'zustand-realtime/compat'
import { createConnectionPool } from 'zustand-realtime/transport'

// The plan's configuration object, as its apps wrote it.
const intervals = {
  websocket: {
    staggerDelay: 150,
    maxReconnectAttempts: 8,
    reconnect: { baseDelay: 500, maxDelay: 20_000, jitterMax: 700 },
    circuitBreaker: { failureThreshold: 4, recoveryTimeout: 30_000, halfOpenMaxAttempts: 2 },
    heartbeat: { interval: 20_000, timeout: 4000 },
    quality: { excellentThreshold: 3000, goodThreshold: 10_000, poorThreshold: 20_000 },
    websocketPriorities: { queue: 1, 'adw-monitor': 1, routes: 2, 'system-status': 3 },
  },
}

describe('fromIntervals', () => {
  it('maps every field of intervals.websocket onto pool options', () => {
    expect(fromIntervals(intervals.websocket)).toEqual({
      staggerMs: 150,
      reconnect: { baseDelay: 500, maxDelay: 20_000, jitterMax: 700, maxAttempts: 8 },
      circuitBreaker: { failureThreshold: 4, recoveryTimeout: 30_000, halfOpenMaxAttempts: 2 },
      heartbeat: { interval: 20_000, timeout: 4000 },
      quality: { excellentThreshold: 3000, goodThreshold: 10_000, poorThreshold: 20_000 },
    })
  })

  it('leaves out what the plan did not set, so our defaults stay', () => {
    expect(fromIntervals({})).toEqual({})
    expect(fromIntervals({ maxReconnectAttempts: 2 })).toEqual({ reconnect: { maxAttempts: 2 } })
  })

  it('with endpoints, gives each its websocketPriorities entry; an endpoint\'s own priority wins', () => {
    const { endpoints } = fromIntervals(intervals.websocket, [
      { name: 'queue', url: 'ws://x/queue' },
      { name: 'system-status', url: 'ws://x/system-status' },
      { name: 'routes', url: 'ws://x/routes', priority: 3 as const },
      { name: 'other', url: 'ws://x/other' },
    ])
    expect(endpoints.map((e) => [e.name, e.priority])).toEqual([['queue', 1], ['system-status', 3], ['routes', 3], ['other', undefined]])
  })

  it('the result is accepted by createConnectionPool as is', () => {
    const pool = createConnectionPool({ ...fromIntervals(intervals.websocket, [{ name: 'queue', url: 'ws://x/queue' }]), lifecycle: null })
    expect(pool.health('queue').status).toBe('disconnected')
  })

  it('a priority that is not 1, 2 or 3 says which one to fix', () => {
    expect(() => fromIntervals({ websocketPriorities: { queue: 0 } })).toThrow('websocketPriorities.queue must be 1, 2 or 3, got 0')
  })
})
