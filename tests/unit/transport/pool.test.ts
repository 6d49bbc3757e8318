import { describe, expect, it, vi } from 'vitest'
import type { Message } from 'zustand-realtime/transport'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

const dashboard = [
  endpoint('planned-features', 3), endpoint('workflows', 2), endpoint('queue', 1), endpoint('routes', 2),
  endpoint('system-status', 3), endpoint('adw-monitor', 1), endpoint('workflow-history', 2), endpoint('webhook-status', 3),
]
const order = ['queue', 'adw-monitor', 'workflows', 'routes', 'workflow-history', 'planned-features', 'system-status', 'webhook-status']

describe('staggered connect', () => {
  it('starts 8 endpoints in priority order, each ≥ staggerMs after the previous', async () => {
    const { pool, sockets } = setup({ endpoints: dashboard })
    const done = pool.connect()
    expect(sockets.all).toHaveLength(1)
    advance(700)
    await done
    expect(sockets.all.map((s) => s.url.split('/').pop())).toEqual(order)
    expect(sockets.all.map((s) => s.createdAt)).toEqual([0, 100, 200, 300, 400, 500, 600, 700])
  })

  it('connect() again while running opens nothing new (one socket per endpoint, ever)', () => {
    const { pool, sockets } = setup({ endpoints: dashboard })
    void pool.connect()
    void pool.connect()
    advance(1000)
    void pool.connect()
    advance(1000)
    expect(sockets.all).toHaveLength(8)
  })

  it('maxConnections caps sockets connecting or open; the next starts when one closes', () => {
    const { pool, sockets } = setup({ endpoints: dashboard, maxConnections: 3 })
    void pool.connect()
    advance(5000)
    expect(sockets.all).toHaveLength(3)
    expect(pool.health('routes').status).toBe('connecting')
    sockets.all[0]?.open()
    advance(2000)
    sockets.all[1]?.fail() // a failed connect (it retries later) frees its slot
    advance(100)
    expect(sockets.all).toHaveLength(4)
    expect(sockets.all[3]?.url).toContain('routes')
    sockets.all[0]?.fail() // so does a socket dropped while connected
    advance(100)
    expect(sockets.all).toHaveLength(5)
    expect(sockets.all[4]?.url).toContain('workflow-history') // the next in line, while queue waits out its retry delay
    advance(100_000)
    expect(sockets.live().length).toBeLessThanOrEqual(3)
  })

  it('connect() resolves once every endpoint has started, or the rest wait for a free slot', async () => {
    const settled = async (promise: Promise<void>) => {
      let done = false
      void promise.then(() => { done = true })
      await vi.advanceTimersByTimeAsync(0)
      return done
    }
    const uncapped = setup({ endpoints: dashboard })
    const all = uncapped.pool.connect()
    advance(600)
    expect(await settled(all)).toBe(false) // webhook-status has not started yet
    advance(100)
    expect(await settled(all)).toBe(true)
    uncapped.pool.disconnect()
    const capped = setup({ endpoints: dashboard, maxConnections: 3 })
    const three = capped.pool.connect()
    advance(100)
    expect(await settled(three)).toBe(false)
    advance(100)
    expect(await settled(three)).toBe(true) // 3 started, 5 blocked by the cap
    expect(capped.sockets.all).toHaveLength(3)
  })
})

describe('disconnect', () => {
  it('closes every socket with 1000, clears every timer, and is idempotent', () => {
    const { pool, sockets, page } = setup({ endpoints: dashboard, heartbeat: { interval: 1000, timeout: 500 } })
    void pool.connect()
    advance(250)
    for (const s of sockets.all) s.open()
    sockets.all[0]?.fail()
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    pool.disconnect()
    pool.disconnect()
    expect(vi.getTimerCount()).toBe(0)
    expect(sockets.live()).toEqual([])
    expect(page.listening).toBe(false)
    expect(Object.values(pool.healthAll()).every((h) => h.status === 'disconnected')).toBe(true)
  })

  it('a pool can connect again after disconnect', () => {
    const { pool, sockets } = setup()
    void pool.connect()
    sockets.last('queue').open()
    pool.disconnect()
    void pool.connect()
    sockets.last('queue').open()
    expect(sockets.all).toHaveLength(2)
    expect(pool.health('queue').status).toBe('connected')
  })
})

describe('page lifecycle', () => {
  it('hidden tab: sockets closed after the grace period, reconnected once when visible', () => {
    const { pool, sockets, page } = setup({ endpoints: dashboard })
    void pool.connect()
    advance(700)
    for (const s of sockets.all) s.open()
    page.hide()
    advance(4999)
    expect(sockets.live()).toHaveLength(8)
    advance(1)
    expect(sockets.live()).toHaveLength(0)
    expect(pool.health('queue').paused).toBe('hidden')
    advance(600_000)
    expect(sockets.all).toHaveLength(8) // no connect while hidden
    page.show()
    advance(700)
    expect(sockets.all).toHaveLength(16)
    expect(sockets.all.slice(8).map((s) => s.url.split('/').pop())).toEqual(order)
  })

  it('rapid visibility flips cause no reconnect loop', () => {
    const { pool, sockets, page } = setup({ endpoints: dashboard })
    void pool.connect()
    advance(700)
    for (const s of sockets.all) s.open()
    for (let i = 0; i < 50; i++) {
      page.hide()
      advance(100)
      page.show()
      advance(100)
    }
    expect(sockets.all).toHaveLength(8)
    expect(sockets.live()).toHaveLength(8)
  })

  it('a page that starts hidden does not connect until visible', () => {
    const { pool, sockets, page } = setup()
    page.hide()
    void pool.connect()
    advance(10_000)
    expect(sockets.all).toHaveLength(0)
    expect(pool.health('queue').paused).toBe('hidden')
    page.show()
    expect(sockets.all).toHaveLength(1)
  })

  it('offline: sockets closed at once, paused, no retries; online: reconnect at once, staggered', () => {
    const { pool, sockets, page } = setup({ endpoints: dashboard })
    void pool.connect()
    advance(700)
    for (const s of sockets.all) s.open()
    page.goOffline()
    expect(sockets.live()).toHaveLength(0)
    expect(Object.values(pool.healthAll()).every((h) => h.paused === 'offline')).toBe(true)
    advance(600_000)
    expect(sockets.all).toHaveLength(8)
    page.goOnline()
    expect(sockets.all).toHaveLength(9)
    advance(700)
    expect(sockets.all).toHaveLength(16)
  })

  it('pauseWhenHidden: false keeps sockets on a hidden tab', () => {
    const { pool, sockets, page } = setup({ pauseWhenHidden: false })
    void pool.connect()
    sockets.last('queue').open()
    page.hide()
    advance(60_000)
    expect(sockets.live()).toHaveLength(1)
  })
})

describe('shared recovery per host', () => {
  function allUpThenDropped() {
    const env = setup({ endpoints: dashboard })
    void env.pool.connect()
    advance(700)
    for (const s of env.sockets.all) s.open()
    advance(1000)
    for (const s of [...env.sockets.all]) s.fail()
    return env
  }

  it('when every endpoint of a host drops, only the highest-priority one probes; the others wait on its schedule', () => {
    const { pool, sockets } = allUpThenDropped()
    advance(100)
    expect(sockets.all.slice(8).map((s) => s.url.split('/').pop())).toEqual(['queue'])
    for (let i = 0; i < 3; i++) {
      sockets.last('queue').fail()
      advance(5000)
    }
    expect(sockets.all.slice(8).every((s) => s.url.endsWith('/queue'))).toBe(true)
    sockets.last('queue').fail()
    const follower = pool.health('routes')
    expect(follower.status).toBe('reconnecting')
    const leaderRetry = pool.health('queue').nextRetryAt
    expect(leaderRetry).toBeGreaterThan(Date.now())
    expect(follower.nextRetryAt).toBe(leaderRetry)
  })

  it('when the probe is served (its first frame), the others reconnect at once, staggered by priority', () => {
    const { sockets } = allUpThenDropped()
    advance(100)
    sockets.last('queue').open()
    advance(500)
    expect(sockets.all).toHaveLength(9) // an open socket alone does not prove the host is back
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    advance(700)
    expect(sockets.all.slice(9).map((s) => s.url.split('/').pop())).toEqual(order.slice(1))
    const starts = sockets.all.slice(8).map((s) => s.createdAt)
    for (let i = 1; i < starts.length; i++) expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(100)
  })

  it('followers show the leader circuit and polling; while the host is down only the leader polls, for all', async () => {
    const fetch = vi.fn(async (url: string) => ({ ok: true, status: 200, text: async () => JSON.stringify({ type: 'polled', data: url }) }))
    const { pool, sockets } = setup({ fetch, endpoints: dashboard.map((e) => ({ ...e, poll: { url: `http://h/api/v1/${e.name}`, intervalMs: 5000, snapshotTimeoutMs: false } })) })
    void pool.connect()
    advance(700)
    for (const s of sockets.all) s.open()
    advance(1000)
    for (const s of [...sockets.all]) s.fail()
    for (let i = 0; i < 5; i++) {
      advance(40_000)
      sockets.last('queue').fail()
    }
    expect(pool.health('queue').circuitState).toBe('open')
    expect(pool.health('webhook-status')).toMatchObject({ circuitState: 'open', fallback: 'polling' })
    await vi.advanceTimersByTimeAsync(0)
    // The leader's poll answered (the host is back): each endpoint then polls on its own.
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['http://h/api/v1/queue'])
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetch).toHaveBeenCalledWith('http://h/api/v1/webhook-status', expect.anything())
  })

  it('a probe the server accepts and closes with 1013 at once (server full) does not release the others', () => {
    const { pool, sockets } = allUpThenDropped()
    for (let i = 0; i < 3; i++) {
      while (sockets.last('queue').readyState !== 0) advance(10)
      sockets.last('queue').open()
      sockets.last('queue').serverClose(1013, JSON.stringify({ retryAfterMs: 2000 }))
    }
    expect(sockets.all.slice(8).every((s) => s.url.endsWith('/queue'))).toBe(true)
    expect(pool.health('routes').status).toBe('reconnecting')
  })

  it('a follower told 1013 retryAfterMs is not released before it, even when the host is back', () => {
    const env = setup({ endpoints: [endpoint('queue', 1), endpoint('routes', 2)] })
    void env.pool.connect()
    advance(100)
    for (const s of env.sockets.all) s.open()
    advance(1000)
    env.sockets.last('routes').serverClose(1013, JSON.stringify({ retryAfterMs: 5000 }))
    env.sockets.last('queue').fail()
    expect(env.pool.health('routes').status).toBe('reconnecting')
    advance(100)
    env.sockets.last('queue').open() // the host is back: followers are released…
    advance(4000)
    expect(env.sockets.for('routes')).toHaveLength(1) // …but routes waits out its 5 s
    advance(1000)
    expect(env.sockets.for('routes')).toHaveLength(2)
  })

  it('an endpoint failing alone keeps its own schedule', () => {
    const { pool, sockets } = setup({ endpoints: dashboard })
    void pool.connect()
    advance(700)
    for (const s of sockets.all) s.open()
    advance(1000)
    sockets.last('routes').fail()
    advance(100)
    expect(sockets.last('routes')).not.toBe(sockets.all[3])
    expect(sockets.all).toHaveLength(9)
  })

  it('endpoints on another host are not held back', () => {
    const { pool, sockets } = setup({ endpoints: [endpoint('queue', 1, 'a'), endpoint('routes', 2, 'a'), endpoint('metrics', 3, 'b')] })
    void pool.connect()
    advance(300)
    for (const s of sockets.all) s.open()
    advance(1000)
    for (const s of [...sockets.all]) s.fail()
    advance(300)
    expect(sockets.all.slice(3).map((s) => s.url.split('/').pop()).sort()).toEqual(['metrics', 'queue'])
  })

  it('sharedRecovery: false lets every endpoint probe on its own', () => {
    const { pool, sockets } = setup({ endpoints: dashboard, sharedRecovery: false })
    void pool.connect()
    advance(700)
    for (const s of sockets.all) s.open()
    advance(1000)
    for (const s of [...sockets.all]) s.fail()
    advance(1000)
    expect(sockets.all).toHaveLength(16)
  })
})

describe('polling fallback', () => {
  it('while the circuit is open it fetches the snapshot every intervalMs and delivers it; stops once the socket is back', async () => {
    const fetch = vi.fn(async (_url: string) => ({ ok: true, status: 200, text: async () => JSON.stringify({ type: 'queue_update', data: { n: fetch.mock.calls.length } }) }))
    const { pool, sockets } = setup({ fetch, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/api/v1/queue', intervalMs: 5000 } }], circuitBreaker: { failureThreshold: 1, recoveryTimeout: 60_000 } })
    const received: Message[] = []
    pool.subscribe('queue', (m) => received.push(m))
    void pool.connect()
    sockets.last('queue').fail()
    expect(pool.health('queue')).toMatchObject({ circuitState: 'open', fallback: 'polling' })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(fetch.mock.calls[0]?.[0]).toBe('http://h/api/v1/queue')
    expect(received).toEqual([1, 2, 3].map((n) => ({ type: 'queue_update', data: { n } })))
    await vi.advanceTimersByTimeAsync(50_000)
    sockets.last('queue').open()
    // A socket that brings its snapshot needs no HTTP one (see "first snapshot over HTTP").
    sockets.last('queue').receive({ type: 'queue_update', data: { n: 0 } })
    expect(pool.health('queue').fallback).toBe('none')
    const calls = fetch.mock.calls.length
    await vi.advanceTimersByTimeAsync(30_000)
    expect(fetch).toHaveBeenCalledTimes(calls)
  })

  it('a failing poll is recorded in lastError and polling goes on, backing off', async () => {
    const fetch = vi.fn(async () => ({ ok: false, status: 503, text: async () => '' }))
    const { pool, sockets } = setup({ fetch, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/q', intervalMs: 1000 } }], circuitBreaker: { failureThreshold: 1 } })
    void pool.connect()
    sockets.last('queue').fail()
    await vi.advanceTimersByTimeAsync(2000)
    expect(pool.health('queue').lastError?.message).toBe('poll failed: HTTP 503')
    expect(fetch).toHaveBeenCalledTimes(2) // at 0 and 1000 + U(0, 200); the next one after 2000 + U(0, 200) more
    await vi.advanceTimersByTimeAsync(1300)
    expect(fetch).toHaveBeenCalledTimes(3)
  })
})

describe('chaos controls', () => {
  function running() {
    const env = setup({ endpoints: [endpoint('queue', 1), endpoint('routes', 2, 'other')], heartbeat: { interval: 1000, timeout: 500 } })
    void env.pool.connect()
    advance(100)
    for (const s of env.sockets.all) s.open()
    advance(1000)
    return env
  }

  it('kill drops the socket like a network failure and it reconnects', () => {
    const { pool, sockets, transitions } = running()
    pool.chaos.kill('queue')
    expect(sockets.all[0]?.closedByClient?.code).toBe(4001)
    expect(pool.health('queue').lastError).toMatchObject({ code: 1006 })
    advance(100)
    sockets.last('queue').open()
    expect(pool.health('queue').status).toBe('connected')
    expect(transitions.some((t) => t.kind === 'chaos' && t.reason === 'chaos: kill (1006)')).toBe(true)
  })

  it('tripCircuit opens the circuit and resetCircuit closes it and reconnects', () => {
    const { pool, sockets } = running()
    pool.chaos.tripCircuit('queue')
    expect(pool.health('queue')).toMatchObject({ circuitState: 'open', status: 'reconnecting' })
    expect(pool.chaos.state().endpoints.queue?.tripped).toBe(true)
    advance(30_000)
    expect(sockets.for('queue')).toHaveLength(1)
    pool.chaos.resetCircuit('queue')
    expect(pool.health('queue').circuitState).toBe('closed')
    expect(sockets.for('queue')).toHaveLength(2)
  })

  it('dropPongs makes the heartbeat time out; switched off, pongs count again', () => {
    const { pool, sockets } = running()
    pool.chaos.dropPongs('queue', true)
    advance(1000) // ping
    sockets.last('queue').receive({ type: 'pong', timestamp: 0 })
    advance(500)
    expect(pool.health('queue').lastError?.message).toContain('heartbeat timeout')
    pool.chaos.dropPongs('queue', false)
    advance(100)
    sockets.last('queue').open()
    advance(1000)
    sockets.last('queue').receive({ type: 'pong', timestamp: 0 })
    advance(500)
    expect(pool.health('queue').status).toBe('connected')
  })

  it('latency delays inbound frames in order; 0 turns it off', () => {
    const { pool, sockets } = running()
    const received: unknown[] = []
    pool.subscribe('queue', (m) => received.push(m.data))
    pool.chaos.latency('queue', 300)
    sockets.last('queue').receive({ type: 'u', data: 1 })
    advance(100)
    sockets.last('queue').receive({ type: 'u', data: 2 })
    advance(199)
    expect(received).toEqual([])
    advance(1)
    expect(received).toEqual([1])
    advance(100)
    expect(received).toEqual([1, 2])
    pool.chaos.latency('queue', 0)
    sockets.last('queue').receive({ type: 'u', data: 3 })
    expect(received).toEqual([1, 2, 3])
    expect(() => pool.chaos.latency('queue', -1)).toThrow('≥ 0 ms')
  })

  it('blockConnects makes new sockets fail at once; off, they connect again', () => {
    const { pool, sockets } = running()
    pool.chaos.blockConnects('queue', true)
    pool.chaos.kill('queue')
    advance(60_000)
    expect(sockets.for('queue')).toHaveLength(1)
    expect(pool.metrics().endpoints.queue?.attempts).toBeGreaterThan(2)
    pool.chaos.blockConnects('queue', false)
    pool.chaos.resetCircuit('queue')
    expect(sockets.for('queue')).toHaveLength(2)
  })

  it('offline pauses every endpoint; clear() undoes every toggle', () => {
    const { pool, sockets } = running()
    pool.chaos.offline(true)
    pool.chaos.dropPongs('routes', true)
    pool.chaos.latency('routes', 50)
    expect(sockets.live()).toHaveLength(0)
    expect(pool.health('routes').paused).toBe('offline')
    pool.chaos.clear()
    expect(pool.chaos.state()).toEqual({
      offline: false,
      endpoints: {
        queue: { dropPongs: false, latencyMs: 0, blockConnects: false, tripped: false },
        routes: { dropPongs: false, latencyMs: 0, blockConnects: false, tripped: false },
      },
    })
    advance(100)
    expect(sockets.live()).toHaveLength(2)
  })
})

describe('options', () => {
  it.each([
    [{ endpoints: [] }, '`endpoints` must be a non-empty array'],
    [{ endpoints: [{ name: '', url: 'ws://h' }] }, 'endpoints[0].name must be a non-empty string'],
    [{ endpoints: [{ name: 'a', url: 'ws://h' }, { name: 'a', url: 'ws://h' }] }, '"a" appears twice'],
    [{ endpoints: [{ name: 'a', url: '' }] }, 'endpoints[0].url must be a non-empty string'],
    [{ endpoints: [{ name: 'a', url: 'ws://h', priority: 7 }] }, 'priority must be 1, 2 or 3'],
    [{ endpoints: [endpoint('a')], staggerMs: -1 }, 'staggerMs must be a finite number ≥ 0'],
    [{ endpoints: [endpoint('a')], maxConnections: 0 }, 'maxConnections must be an integer ≥ 1'],
    [{ endpoints: [endpoint('a')], reconnect: { baseDelay: Number.NaN } }, 'reconnect.baseDelay'],
    [{ endpoints: [endpoint('a')], reconnect: { jitter: 'lots' } }, "reconnect.jitter must be 'additive'"],
  ])('rejects %j with a message that says what to fix', (options, message) => {
    expect(() => setup(options as never)).toThrow(message)
  })

  it('connect() without any WebSocket implementation explains how to pass one', () => {
    const { pool } = setup({ WebSocket: undefined })
    const original = globalThis.WebSocket
    Reflect.deleteProperty(globalThis, 'WebSocket')
    try {
      expect(() => setup({ WebSocket: undefined }).pool.connect()).toThrow('pass `WebSocket` in the pool options')
    } finally {
      if (original) globalThis.WebSocket = original
    }
    pool.disconnect()
  })
})

describe('metrics', () => {
  it('counts attempts, successes, failures, reconnect times and RTT percentiles', () => {
    const { pool, sockets } = setup({ heartbeat: { interval: 1000, timeout: 500 } })
    void pool.connect()
    sockets.last('queue').open()
    advance(1000)
    sockets.last('queue').receive({ type: 'pong', timestamp: 990 })
    sockets.last('queue').fail()
    advance(100)
    sockets.last('queue').fail()
    advance(1500)
    sockets.last('queue').open()
    const metrics = pool.metrics()
    expect(metrics).toMatchObject({ attempts: 3, successes: 2, failures: 1, successRate: 2 / 3 })
    expect(metrics.reconnectMs).toEqual({ p50: 1600, p95: 1600, p99: 1600, count: 1 })
    expect(metrics.latencyMs.p50).toBe(10)
    expect(metrics.endpoints.queue?.attempts).toBe(3)
  })
})
