import { describe, expect, it, vi } from 'vitest'
import type { Message } from 'zustand-realtime/transport'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

/** Connect one endpoint and open its socket. */
function connected(options: Parameters<typeof setup>[0] = {}) {
  const env = setup(options)
  void env.pool.connect()
  env.sockets.last('queue').open()
  return env
}

describe('reconnect and backoff', () => {
  it('a drop of a stable socket retries within 100 ms, then backs off 1 s, 2 s, 4 s, 8 s (+ jitter) until the circuit opens', () => {
    const { pool, sockets } = connected()
    advance(1000) // stable
    sockets.last('queue').fail()
    advance(100)
    expect(sockets.all).toHaveLength(2)
    const expected = [1500, 2500, 4500, 8500] // ceiling + 0.5 · jitterMax
    for (const wait of expected) {
      const before = sockets.all.length
      sockets.last('queue').fail()
      advance(wait - 1)
      expect(sockets.all).toHaveLength(before)
      advance(1)
      expect(sockets.all).toHaveLength(before + 1)
    }
    sockets.last('queue').fail() // the 5th consecutive failure
    expect(pool.health('queue').circuitState).toBe('open')
  })

  it('additive jitter is drawn once per failure streak, so a cohort spreads wider at each attempt', () => {
    const draws = [0.5, 0.8, 0.1, 0.1, 0.1] // first quick retry, then the streak's jitter phase, then unused
    const { sockets } = connected({ random: () => draws.shift() ?? 0 })
    advance(1000)
    sockets.last('queue').fail()
    advance(50) // U(0, 100) · 0.5
    sockets.last('queue').fail() // failure 1: the streak draws 0.8
    const times: number[] = []
    for (let i = 0; i < 3; i++) {
      const before = sockets.all.length
      while (sockets.all.length === before) advance(1)
      times.push(sockets.last('queue').createdAt)
      sockets.last('queue').fail()
    }
    const start = 1050
    expect(times).toEqual([start + 1800, start + 1800 + 2800, start + 1800 + 2800 + 4800])
  })

  it('backoff is capped at maxDelay', () => {
    const { sockets } = connected({ circuitBreaker: { failureThreshold: 100 }, reconnect: { maxAttempts: 100 } })
    sockets.last('queue').fail() // unstable: failure 1
    for (let i = 0; i < 8; i++) {
      advance(31_000)
      sockets.last('queue').fail()
    }
    const before = sockets.all.length
    advance(30_499)
    expect(sockets.all).toHaveLength(before)
    advance(1)
    expect(sockets.all).toHaveLength(before + 1)
  })

  it('flapping (open, then dropped before minUptime) does not reset the backoff', () => {
    const { pool, sockets } = connected()
    sockets.last('queue').fail() // died after 0 ms: failure 1
    advance(1500)
    sockets.last('queue').open()
    advance(500)
    sockets.last('queue').fail() // died after 500 ms: failure 2
    expect(pool.health('queue').reconnectAttempts).toBe(2)
    advance(2499)
    expect(sockets.all).toHaveLength(2)
    advance(1)
    expect(sockets.all).toHaveLength(3)
  })

  it('a socket that stays up minUptime resets attempts', () => {
    const { pool, sockets } = connected()
    sockets.last('queue').fail()
    advance(1500)
    sockets.last('queue').open()
    expect(pool.health('queue').reconnectAttempts).toBe(1)
    advance(1000)
    expect(pool.health('queue').reconnectAttempts).toBe(0)
  })

  it('late events from a replaced socket change nothing', () => {
    const { pool, sockets } = connected()
    const first = sockets.last('queue')
    first.fail()
    advance(1500)
    const second = sockets.last('queue')
    second.open()
    const received: Message[] = []
    pool.subscribe('queue', (m) => received.push(m))
    first.receive({ type: 'queue_update', data: 'stale' })
    first.serverClose(1011)
    expect(received).toEqual([])
    expect(pool.health('queue').status).toBe('connected')
    expect(sockets.all).toHaveLength(2)
  })
})

describe('circuit breaker in the connection', () => {
  it('opens after 5 consecutive failures and makes no more attempts until recoveryTimeout', () => {
    const { pool, sockets } = connected()
    sockets.last('queue').fail()
    for (let i = 0; i < 4; i++) {
      advance(20_000)
      sockets.last('queue').fail()
    }
    expect(pool.health('queue').circuitState).toBe('open')
    const attempts = sockets.all.length
    advance(59_999)
    expect(sockets.all).toHaveLength(attempts)
    expect(pool.metrics().circuitOpenings).toBe(1)
  })

  it('half-open after the recovery timeout with exactly one probe; a stable probe closes it and resets attempts', () => {
    const { pool, sockets } = connected()
    sockets.last('queue').fail()
    for (let i = 0; i < 4; i++) {
      advance(20_000)
      sockets.last('queue').fail()
    }
    const attempts = sockets.all.length
    advance(60_000)
    expect(sockets.all).toHaveLength(attempts + 1)
    expect(pool.health('queue').circuitState).toBe('half-open')
    advance(10_000)
    expect(sockets.all).toHaveLength(attempts + 1) // one probe at a time
    sockets.last('queue').open()
    advance(1000)
    expect(pool.health('queue')).toMatchObject({ circuitState: 'closed', reconnectAttempts: 0, consecutiveFailures: 0, status: 'connected' })
    expect(pool.metrics().circuitRecoveries).toBe(1)
  })

  it('re-opens after halfOpenMaxAttempts failed probes, and recovers again later (never dead forever)', () => {
    const { pool, sockets } = connected({ circuitBreaker: { failureThreshold: 1, halfOpenMaxAttempts: 2, recoveryTimeout: 10_000 } })
    sockets.last('queue').fail()
    expect(pool.health('queue').circuitState).toBe('open')
    advance(10_000)
    sockets.last('queue').fail() // probe 1
    expect(pool.health('queue').circuitState).toBe('half-open')
    advance(1500)
    sockets.last('queue').fail() // probe 2
    expect(pool.health('queue').circuitState).toBe('open')
    const attempts = sockets.all.length
    advance(10_000)
    expect(sockets.all).toHaveLength(attempts + 1)
    sockets.last('queue').open()
    advance(1000)
    expect(pool.health('queue').circuitState).toBe('closed')
  })
})

describe('close codes', () => {
  it.each([4401, 4403, 1008])('%i is never retried and the error is surfaced', (code) => {
    const { pool, sockets } = connected()
    sockets.last('queue').serverClose(code, 'no')
    advance(600_000)
    expect(sockets.all).toHaveLength(1)
    expect(pool.health('queue')).toMatchObject({ status: 'disconnected', lastError: { code } })
    expect(pool.health('queue').lastError?.message).toContain('not retried')
  })

  it('1013 waits retryAfterMs before the next attempt', () => {
    const { sockets } = connected()
    advance(1000)
    sockets.last('queue').serverClose(1013, JSON.stringify({ retryAfterMs: 7000 }))
    advance(6999)
    expect(sockets.all).toHaveLength(1)
    advance(1)
    expect(sockets.all).toHaveLength(2)
  })

  it.each([1000, 1001, 1011, 1012])('server-sent %i reconnects and records the code', (code) => {
    const { pool, sockets } = connected()
    advance(1000)
    sockets.last('queue').serverClose(code, 'bye')
    expect(pool.health('queue')).toMatchObject({ status: 'reconnecting', lastError: { code } })
    advance(100)
    expect(sockets.all).toHaveLength(2)
  })

  it('client disconnect closes with 1000 and never reconnects', () => {
    const { pool, sockets } = connected()
    pool.disconnect()
    expect(sockets.last('queue').closedByClient).toEqual({ code: 1000, reason: 'client disconnect' })
    advance(600_000)
    expect(sockets.all).toHaveLength(1)
  })

  it('an invalid url is a clear error in health, not a crash', () => {
    class Throwing { constructor() { throw new SyntaxError("Failed to construct 'WebSocket': The URL 'nope' is invalid.") } }
    const { pool } = setup({ WebSocket: Throwing as never, endpoints: [endpoint('queue', 1)] })
    void pool.connect()
    expect(pool.health('queue').status).toBe('disconnected')
    expect(pool.health('queue').lastError?.message).toMatch(/cannot open queue: .*invalid.*check the endpoint url/)
  })
})

describe('heartbeat', () => {
  const heartbeat = { interval: 30_000, timeout: 5000 }

  it('sends a ping every interval and keeps the socket when the pong arrives', () => {
    const { pool, sockets } = connected({ heartbeat })
    const socket = sockets.last('queue')
    for (let i = 1; i <= 3; i++) {
      advance(i === 1 ? 30_000 : 30_000 - 40)
      const pings = socket.sentFrames().filter((f) => f.type === 'ping')
      expect(pings).toHaveLength(i)
      expect(pings.at(-1)?.timestamp).toBe(i * 30_000)
      advance(40)
      socket.receive({ type: 'pong', timestamp: pings.at(-1)?.timestamp })
      expect(pool.health('queue').latencyMs).toBe(40)
    }
    advance(5000)
    expect(socket.isLive).toBe(true)
    expect(pool.health('queue').status).toBe('connected')
  })

  it('closes (4000 heartbeat timeout) and reconnects when the pong is missing: detected within interval + timeout', () => {
    const { pool, sockets } = connected({ heartbeat })
    advance(34_999)
    expect(sockets.last('queue').isLive).toBe(true)
    advance(1)
    expect(sockets.all[0]?.closedByClient).toEqual({ code: 4000, reason: 'heartbeat timeout' })
    expect(pool.health('queue').lastError).toMatchObject({ code: 4000 })
    advance(100)
    expect(sockets.all).toHaveLength(2)
  })

  it('with interval < timeout, later pings do not push the deadline back', () => {
    const { sockets } = connected({ heartbeat: { interval: 200, timeout: 400 } })
    advance(599)
    expect(sockets.all[0]?.closedByClient).toBeNull()
    advance(1)
    expect(sockets.all[0]?.closedByClient).toEqual({ code: 4000, reason: 'heartbeat timeout' })
  })

  it('any frame counts as liveness', () => {
    const { sockets } = connected({ heartbeat })
    advance(30_000)
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    advance(10_000)
    expect(sockets.last('queue').isLive).toBe(true)
  })

  it('answers server_ping with a pong carrying the same timestamp', () => {
    const { sockets } = connected()
    sockets.last('queue').receive({ type: 'server_ping', timestamp: 42 })
    expect(sockets.last('queue').sentFrames()).toContainEqual({ type: 'pong', timestamp: 42 })
  })

  it('heartbeat: false sends no pings', () => {
    const { sockets } = connected({ endpoints: [{ ...endpoint('queue', 1), heartbeat: false }] })
    advance(120_000)
    expect(sockets.last('queue').sent).toEqual([])
  })
})

describe('bad frames', () => {
  it('non-JSON and type-less frames are dropped, counted, recorded; the socket stays and good frames still land', () => {
    const { pool, sockets } = connected()
    const received: Message[] = []
    pool.subscribe('queue', (m) => received.push(m))
    sockets.last('queue').receive('{{not json')
    expect(pool.health('queue').lastError?.message).toContain('not JSON')
    sockets.last('queue').receive('{"data":1}')
    expect(pool.health('queue').lastError?.message).toContain('without a string "type"')
    sockets.last('queue').receive({ type: 'queue_update', data: 1 })
    expect(received).toEqual([{ type: 'queue_update', data: 1 }])
    expect(pool.metrics()).toMatchObject({ messagesDropped: 2, messagesIn: 1 })
    expect(pool.health('queue')).toMatchObject({ status: 'connected' })
    expect(pool.health('queue').lastError).not.toBeNull() // a later good frame does not clear it
  })

  it('frames over maxMessageBytes are dropped', () => {
    const { pool, sockets } = connected({ maxMessageBytes: 64 })
    sockets.last('queue').receive({ type: 'queue_update', data: 'x'.repeat(100) })
    expect(pool.metrics().messagesDropped).toBe(1)
    expect(pool.health('queue').lastError?.message).toContain('limit 64')
  })
})

describe('send buffer', () => {
  it('buffers while not open and flushes in order on open', () => {
    const { pool, sockets } = setup()
    void pool.connect()
    expect(pool.send('queue', { type: 'a' })).toBe(true)
    expect(pool.send('queue', { type: 'b' })).toBe(true)
    sockets.last('queue').open()
    expect(sockets.last('queue').sentFrames()).toEqual([{ type: 'a' }, { type: 'b' }])
    expect(pool.send('queue', { type: 'c' })).toBe(true)
    expect(sockets.last('queue').sentFrames().at(-1)).toEqual({ type: 'c' })
  })

  it('reports overflow when the bound is reached', () => {
    const { pool } = setup({ sendBufferSize: 2 })
    expect([pool.send('queue', 1), pool.send('queue', 2), pool.send('queue', 3)]).toEqual([true, true, false])
    expect(pool.health('queue').lastError?.message).toContain('send buffer full (2 messages)')
    expect(pool.metrics().sendOverflows).toBe(1)
  })

  it('unknown endpoint names throw a helpful error', () => {
    const { pool } = setup()
    expect(() => pool.send('nope', 1)).toThrow('unknown endpoint "nope"; known endpoints: queue')
    expect(() => pool.health('nope')).toThrow('unknown endpoint')
    expect(() => pool.subscribe('nope', () => {})).toThrow('unknown endpoint')
  })
})

describe('quality', () => {
  it('decays with the age of the last message, and health is re-emitted when it changes', () => {
    const { pool, sockets } = connected()
    const seen: string[] = [pool.health('queue').quality]
    pool.onHealth((_, h) => { if (seen.at(-1) !== h.quality) seen.push(h.quality) })
    sockets.last('queue').receive({ type: 'queue_update', data: 1 })
    advance(5000)
    advance(10_000)
    advance(15_000)
    expect(seen).toEqual(['excellent', 'good', 'poor', 'disconnected'])
    sockets.last('queue').receive({ type: 'queue_update', data: 2 })
    expect(pool.health('queue').quality).toBe('excellent')
  })

  it('a burst of messages emits health at most once per second, and the last lastMessageTime still arrives', () => {
    const { pool, sockets } = connected()
    const emits = vi.fn()
    pool.onHealth(emits)
    for (let i = 0; i < 100; i++) {
      sockets.last('queue').receive({ type: 'queue_update', data: i })
      advance(5)
    }
    expect(emits.mock.calls.length).toBeLessThanOrEqual(1)
    advance(1000)
    expect(emits.mock.lastCall?.[1].lastMessageTime).toBe(495)
    expect(emits.mock.calls.length).toBeLessThanOrEqual(2)
  })
})
