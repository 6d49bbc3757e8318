import { describe, expect, it, vi } from 'vitest'
import type { Message } from 'zustand-realtime/transport'
import type { FakeSocket } from '../../helpers/fakeWebSocket'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

/** Connect one endpoint and open its socket. */
function connected(options: Parameters<typeof setup>[0] = {}) {
  const env = setup(options)
  void env.pool.connect()
  env.sockets.last('queue').open()
  return env
}

/** The server answers the last ping the client sent on `socket`, at once. */
function answerLastPing(socket: FakeSocket): void {
  const ping = socket.sentFrames().filter((frame: Message) => frame.type === 'ping').at(-1)
  if (ping === undefined) throw new Error('no ping sent yet')
  socket.receive({ type: 'pong', timestamp: ping.timestamp })
}

describe('the failure count', () => {
  it('a socket that stays up minUptime clears the failures of a circuit that never opened', () => {
    const { pool, sockets } = setup()
    void pool.connect()
    sockets.last('queue').fail()
    advance(5000)
    sockets.last('queue').fail()
    expect(pool.health('queue')).toMatchObject({ circuitState: 'closed', consecutiveFailures: 2 })
    advance(5000)
    sockets.last('queue').open()
    advance(1000)
    expect(pool.health('queue')).toMatchObject({ circuitState: 'closed', consecutiveFailures: 0, reconnectAttempts: 0 })
    // It takes the full threshold (5) of new failures to open the circuit again.
    sockets.last('queue').fail() // the drop of a stable socket is not a failure
    advance(200)
    for (let i = 0; i < 4; i++) {
      sockets.last('queue').fail()
      advance(40_000)
    }
    expect(pool.health('queue')).toMatchObject({ circuitState: 'closed', consecutiveFailures: 4 })
  })

  it('the first connect attempts say "connecting", the ones after a failure or a drop "reconnecting"', () => {
    const { pool, sockets } = setup({ endpoints: [endpoint('queue', 1), endpoint('routes', 2)], maxConnections: 1 })
    void pool.connect()
    expect(pool.health('queue').status).toBe('connecting') // its socket is connecting
    expect(pool.health('routes').status).toBe('connecting') // queued behind the cap
    sockets.last('queue').fail()
    expect(pool.health('queue').status).toBe('reconnecting') // waiting to retry
    advance(100)
    expect(pool.health('routes').status).toBe('connecting') // its first socket
    advance(5000)
    expect(sockets.for('queue')).toHaveLength(1) // routes holds the one slot…
    expect(pool.health('queue').status).toBe('reconnecting') // …and queue, queued again, has failed before
    sockets.last('routes').open()
    advance(2000)
    sockets.last('routes').serverClose(1011) // a stable socket's drop: not a failed attempt
    advance(200)
    expect(sockets.for('queue')).toHaveLength(2) // queue took the slot…
    expect(sockets.for('routes')).toHaveLength(1)
    expect(pool.health('routes')).toMatchObject({ status: 'reconnecting', reconnectAttempts: 0 }) // …and routes, queued behind it, was connected before
  })
})

describe('fatal closes', () => {
  it('connect() after a fatal close (4401) connects again', () => {
    const { pool, sockets } = connected()
    sockets.last('queue').serverClose(4401)
    expect(pool.health('queue').status).toBe('disconnected')
    void pool.connect()
    advance(100)
    expect(sockets.all).toHaveLength(2)
    sockets.last('queue').open()
    expect(pool.health('queue').status).toBe('connected')
  })

  it('hiding and showing the tab, or going offline and online, does not revive an endpoint that failed', () => {
    const { pool, sockets, page } = connected()
    sockets.last('queue').serverClose(4403)
    page.hide()
    advance(10_000)
    page.show()
    page.goOffline()
    page.goOnline()
    advance(600_000)
    expect(sockets.all).toHaveLength(1)
    expect(pool.health('queue')).toMatchObject({ status: 'disconnected', paused: false, lastError: { code: 4403 } })
  })
})

describe('an open circuit holds', () => {
  it('offline then online does not open a socket while a circuit tripped by hand is open', () => {
    const { pool, sockets, page } = connected()
    advance(1000)
    pool.chaos.tripCircuit('queue')
    const openUntil = pool.health('queue').circuitOpenUntil
    expect(openUntil).toBe(61_000)
    page.goOffline()
    page.goOnline()
    expect(pool.health('queue')).toMatchObject({ status: 'reconnecting', circuitState: 'open', nextRetryAt: openUntil })
    advance(59_000)
    expect(sockets.all).toHaveLength(1)
    advance(1000)
    expect(sockets.all).toHaveLength(2) // the recovery timeout's probe
    expect(pool.health('queue').circuitState).toBe('half-open')
  })
})

describe('polling stands in until the socket is back', () => {
  it('keeps polling while the half-open probe is queued and while it connects, and stops once it is served', async () => {
    const fetch = vi.fn(async () => ({ ok: false, status: 503, text: async () => '' }))
    const { pool, sockets } = setup({
      fetch,
      maxConnections: 1,
      endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/q', intervalMs: 1000 } }, endpoint('other', 2, 'elsewhere')],
      circuitBreaker: { failureThreshold: 1, recoveryTimeout: 10_000 },
    })
    void pool.connect()
    sockets.last('queue').fail()
    expect(pool.health('queue')).toMatchObject({ circuitState: 'open', fallback: 'polling' })
    await vi.advanceTimersByTimeAsync(100)
    sockets.last('other').open() // holds the only slot
    await vi.advanceTimersByTimeAsync(10_000)
    expect(sockets.for('queue')).toHaveLength(1)
    expect(pool.health('queue')).toMatchObject({ status: 'reconnecting', circuitState: 'open', fallback: 'polling' }) // queued
    const polls = fetch.mock.calls.length
    await vi.advanceTimersByTimeAsync(3000)
    expect(fetch.mock.calls.length).toBeGreaterThan(polls)
    sockets.last('other').serverClose(1011) // frees the slot: the probe starts
    await vi.advanceTimersByTimeAsync(0)
    expect(sockets.for('queue')).toHaveLength(2)
    expect(pool.health('queue')).toMatchObject({ status: 'reconnecting', fallback: 'polling' }) // connecting
    sockets.last('queue').open()
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    expect(pool.health('queue').fallback).toBe('none')
  })
})

describe('chaos dropPongs', () => {
  it('pongs that arrive in time are lost, so the heartbeat closes the socket; switched off, the same pongs keep it', () => {
    const { pool, sockets } = connected({ heartbeat: { interval: 1000, timeout: 500 } })
    const first = sockets.last('queue')
    for (let i = 0; i < 3; i++) {
      advance(1000)
      answerLastPing(first)
    }
    advance(600)
    expect(first.closedByClient).toBeNull()
    pool.chaos.dropPongs('queue', true)
    advance(400)
    answerLastPing(first)
    advance(600)
    expect(first.closedByClient?.code).toBe(4000)
    expect(pool.health('queue').lastError?.message).toContain('heartbeat timeout')
    pool.chaos.dropPongs('queue', false)
    advance(100)
    const second = sockets.last('queue')
    second.open()
    for (let i = 0; i < 3; i++) {
      advance(1000)
      answerLastPing(second)
    }
    advance(600)
    expect(second.closedByClient).toBeNull()
    expect(pool.health('queue').status).toBe('connected')
  })
})

describe('pauses', () => {
  it('a page that is offline at connect() waits paused "offline", without a socket, and connects when online', () => {
    const { pool, sockets, page, transitions } = setup()
    page.goOffline()
    void pool.connect()
    expect(sockets.all).toHaveLength(0)
    expect(pool.health('queue')).toMatchObject({ status: 'disconnected', paused: 'offline' })
    expect(transitions.at(-1)).toMatchObject({ from: 'disconnected', to: 'paused', reason: 'browser offline' })
    page.goOnline()
    expect(sockets.all).toHaveLength(1)
  })

  it('the pause reason follows the page: hidden, then offline, then hidden again; one socket throughout', () => {
    const { pool, sockets, page, transitions } = connected({ hiddenGraceMs: 1000 })
    page.hide()
    advance(1000)
    expect(pool.health('queue').paused).toBe('hidden')
    page.goOffline()
    expect(pool.health('queue').paused).toBe('offline')
    page.goOnline()
    expect(pool.health('queue').paused).toBe('hidden')
    page.goOffline()
    page.goOffline()
    expect(transitions.filter((t) => t.to === 'paused').map((t) => t.reason)).toEqual(['tab hidden', 'browser offline', 'tab hidden', 'browser offline'])
    expect(sockets.all).toHaveLength(1)
    page.goOnline()
    page.show()
    expect(sockets.all).toHaveLength(2)
    expect(sockets.all[0]?.closedByClient).toEqual({ code: 1000, reason: 'paused: hidden' })
  })
})

describe('chaos on endpoints that are not connected', () => {
  it('tripping a paused endpoint opens its circuit but leaves it paused; it is counted once', () => {
    const { pool, sockets, page } = connected()
    page.goOffline()
    pool.chaos.tripCircuit('queue')
    expect(pool.health('queue')).toMatchObject({ status: 'disconnected', paused: 'offline', circuitState: 'open', nextRetryAt: null })
    expect(pool.metrics().endpoints.queue?.circuitOpenings).toBe(1)
    pool.chaos.resetCircuit('queue')
    expect(pool.chaos.state().endpoints.queue?.tripped).toBe(false)
    expect(pool.health('queue').circuitState).toBe('closed')
    page.goOnline()
    advance(100)
    expect(sockets.all).toHaveLength(2)
  })

  it('tripping a failed or disconnected endpoint schedules nothing', () => {
    const { pool, sockets } = connected()
    sockets.last('queue').serverClose(4403)
    pool.chaos.tripCircuit('queue')
    advance(120_000)
    expect(pool.health('queue')).toMatchObject({ status: 'disconnected', circuitState: 'open', nextRetryAt: null })
    pool.disconnect()
    pool.chaos.tripCircuit('queue')
    expect(pool.health('queue')).toMatchObject({ status: 'disconnected', nextRetryAt: null })
    expect(sockets.all).toHaveLength(1)
  })

  it('kill drops a socket that is still connecting; it does nothing to an endpoint waiting to retry', () => {
    const { pool, sockets, transitions } = setup()
    void pool.connect()
    pool.chaos.kill('queue')
    expect(sockets.all[0]?.closedByClient?.code).toBe(4001)
    expect(pool.health('queue')).toMatchObject({ status: 'reconnecting', lastError: { code: 1006 } })
    const count = transitions.length
    pool.chaos.kill('queue')
    expect(transitions.filter((t) => t.kind !== 'chaos')).toHaveLength(transitions.slice(0, count).filter((t) => t.kind !== 'chaos').length)
    expect(sockets.all).toHaveLength(1)
  })
})

describe('figures', () => {
  it('bytesIn and messagesOut count what crossed the socket; a pong without a timestamp measures no latency', () => {
    const { pool, sockets } = connected({ heartbeat: { interval: 1000, timeout: 500 } })
    const frame = JSON.stringify({ type: 'queue_update', data: 'abc' })
    sockets.last('queue').receive(frame)
    sockets.last('queue').receive('not json')
    expect(pool.metrics().endpoints.queue?.bytesIn).toBe(frame.length + 'not json'.length)
    pool.send('queue', { type: 'hello' })
    advance(1000) // a ping
    expect(pool.metrics().endpoints.queue?.messagesOut).toBe(2)
    sockets.last('queue').receive({ type: 'pong' })
    expect(pool.health('queue').latencyMs).toBeNull()
    expect(pool.metrics().endpoints.queue?.latencyMs.count).toBe(0)
  })

  it('reconnectMs runs from the drop of a connected socket to the next open, across failed attempts; a first connect that fails is no reconnect', () => {
    const { pool, sockets } = setup()
    void pool.connect()
    sockets.last('queue').fail() // never connected
    advance(2000)
    sockets.last('queue').open()
    expect(pool.metrics().endpoints.queue?.reconnectMs.count).toBe(0)
    advance(1000)
    const droppedAt = Date.now()
    sockets.last('queue').serverClose(1011)
    advance(100)
    sockets.last('queue').fail()
    advance(5000)
    sockets.last('queue').open()
    const reconnect = pool.metrics().endpoints.queue?.reconnectMs
    expect(reconnect?.count).toBe(1)
    expect(reconnect?.p50).toBe(Date.now() - droppedAt)
    expect(pool.metrics().endpoints.queue?.circuitRecoveries).toBe(0) // the circuit never opened
  })

  it('a frame is delivered at once when no chaos latency is set', () => {
    const { pool, sockets } = connected()
    const received: unknown[] = []
    pool.subscribe('queue', (m) => received.push(m.data))
    sockets.last('queue').receive({ type: 'queue_update', data: 1 })
    expect(received).toEqual([1])
  })

  it('full jitter draws afresh for each delay (the streak draw is only for additive jitter)', () => {
    const draws = [0.5, 0.1]
    const { pool, sockets } = setup({ random: () => draws.shift() ?? 0, reconnect: { jitter: 'full' } })
    void pool.connect()
    sockets.last('queue').fail()
    expect(pool.health('queue').nextRetryAt).toBe(100) // U(0, 1000) drew 0.1
  })
})

describe('failed attempts without a socket', () => {
  it('a url function that throws waits its backoff before the next attempt', () => {
    let calls = 0
    const { pool } = setup({ endpoints: [{ ...endpoint('queue', 1), url: () => { calls++; throw new Error('no token yet') } }] })
    void pool.connect()
    expect(calls).toBe(1)
    expect(pool.health('queue').nextRetryAt).toBe(1500) // 1 s + 0.5 · jitterMax
    advance(1499)
    expect(calls).toBe(1)
    advance(1)
    expect(calls).toBe(2)
  })

  it('disconnect() while auth.refresh() runs leaves the endpoint disconnected when the refresh ends', async () => {
    let finish: () => void = () => {}
    const { pool, sockets } = setup({ endpoints: [{ ...endpoint('queue', 1), auth: { refresh: () => new Promise<void>((resolve) => { finish = resolve }) } }] })
    void pool.connect()
    sockets.last('queue').open()
    sockets.last('queue').serverClose(4401)
    pool.disconnect()
    finish()
    await vi.advanceTimersByTimeAsync(1000)
    expect(pool.health('queue').status).toBe('disconnected')
    expect(sockets.all).toHaveLength(1)
  })
})

describe('1013 "retry later" and early probes', () => {
  it('online does not cut a 1013 retryAfterMs short, even with the circuit open; once it has passed, online probes at once', () => {
    const { pool, sockets, page } = setup({ circuitBreaker: { failureThreshold: 1, recoveryTimeout: 60_000 } })
    void pool.connect()
    sockets.last('queue').open()
    sockets.last('queue').serverClose(1013, JSON.stringify({ retryAfterMs: 30_000 }))
    expect(pool.health('queue').circuitState).toBe('open')
    advance(1000)
    page.goOffline()
    page.goOnline()
    expect(sockets.all).toHaveLength(1)
    advance(29_000) // exactly retryAfterMs after the close
    page.goOffline()
    page.goOnline()
    expect(sockets.all).toHaveLength(2)
    expect(pool.health('queue').circuitState).toBe('half-open')
  })
})

describe('the frame log', () => {
  it('says which way each frame went and how it came: socket in, socket out, poll in', async () => {
    const fetch = vi.fn(async () => ({ ok: true, status: 200, text: async () => JSON.stringify({ type: 'queue_update', data: 'polled' }) }))
    const { pool, sockets } = setup({ fetch, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/q', intervalMs: 1000, snapshotTimeoutMs: false } }], circuitBreaker: { failureThreshold: 1 } })
    const frames: { direction: string; via: string; body: unknown; verdict?: unknown }[] = []
    pool.onFrame((event) => { if (event.kind === 'frame') frames.push({ direction: event.direction, via: event.via, body: event.body, ...(event.verdict ? { verdict: event.verdict } : {}) }) })
    void pool.connect()
    sockets.last('queue').open()
    sockets.last('queue').receive({ type: 'queue_update', data: 1 })
    sockets.last('queue').receive('oops')
    pool.send('queue', { type: 'hello' })
    sockets.last('queue').fail()
    await vi.advanceTimersByTimeAsync(0)
    expect(frames).toEqual([
      { direction: 'in', via: 'socket', body: { type: 'queue_update', data: 1 } },
      { direction: 'in', via: 'socket', body: 'oops', verdict: { kind: 'dropped', reason: expect.stringContaining('not JSON') } },
      { direction: 'out', via: 'socket', body: JSON.stringify({ type: 'hello' }) },
      { direction: 'in', via: 'poll', body: { type: 'queue_update', data: 'polled' } },
    ])
  })
})
