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
