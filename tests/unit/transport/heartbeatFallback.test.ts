import { describe, expect, it } from 'vitest'
import { HEARTBEAT_UNANSWERED_MESSAGE, type EndpointHealth } from 'zustand-realtime/transport'
import type { FakeSocket } from '../../helpers/fakeWebSocket'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

const TEN_MINUTES = 600_000
const heartbeat = { interval: 30_000, timeout: 5000 }

/** Plays a server: opens each new socket and sends a snapshot; answers each ping with a pong only when `pongs`. */
function serve(sockets: ReturnType<typeof setup>['sockets'], { pongs }: { pongs: boolean }) {
  const answered = new Map<FakeSocket, number>()
  return () => {
    for (const socket of sockets.all) {
      if (!answered.has(socket) && socket.isLive && socket.readyState === 0) {
        answered.set(socket, 0)
        socket.open()
        socket.receive({ type: 'queue_update', data: { jobs: [] } })
      }
      if (!pongs || !socket.isLive || socket.readyState !== 1) continue
      const pings = socket.sentFrames().filter((frame) => frame.type === 'ping')
      for (const ping of pings.slice(answered.get(socket) ?? 0)) socket.receive({ type: 'pong', timestamp: ping.timestamp })
      answered.set(socket, pings.length)
    }
  }
}

/** Runs `ms` of simulated time in 100 ms steps, letting the server act between steps. */
function run(ms: number, step: () => void): void {
  for (let t = 0; t < ms; t += 100) {
    step()
    advance(100)
  }
}

const heartbeatCloses = (sockets: readonly FakeSocket[]) => sockets.filter((s) => s.closedByClient?.code === 4000).length

describe('heartbeat against a server that never answers pings', () => {
  it('at most two heartbeat closes in 10 minutes, then the heartbeat stops and health says why', () => {
    const { pool, sockets, transitions } = setup({ heartbeat })
    void pool.connect()
    run(TEN_MINUTES, serve(sockets, { pongs: false }))
    expect(heartbeatCloses(sockets.all)).toBe(2)
    expect(sockets.all).toHaveLength(3)
    const health: EndpointHealth = pool.health('queue')
    expect(health).toMatchObject({ status: 'connected', heartbeat: 'unanswered', lastError: { message: HEARTBEAT_UNANSWERED_MESSAGE } })
    expect(HEARTBEAT_UNANSWERED_MESSAGE).toContain('set `heartbeat: false` or answer `ping`')
    // The socket that stays sends no more pings.
    expect(sockets.last('queue').sent).toEqual([])
    const given = transitions.filter((t) => t.kind === 'heartbeat' && t.to === 'heartbeat unanswered')
    expect(given).toEqual([expect.objectContaining({ name: 'queue', from: 'heartbeat on', reason: HEARTBEAT_UNANSWERED_MESSAGE })])
  })

  it('disconnect() ends the session: after connect() the server is asked again', () => {
    const { pool, sockets } = setup({ heartbeat })
    void pool.connect()
    run(120_000, serve(sockets, { pongs: false }))
    expect(pool.health('queue').heartbeat).toBe('unanswered')
    pool.disconnect()
    void pool.connect()
    expect(pool.health('queue').heartbeat).toBe('on')
    run(31_000, serve(sockets, { pongs: false }))
    expect(sockets.last('queue').sentFrames()).toContainEqual({ type: 'ping', timestamp: expect.any(Number) })
  })

  it('a socket that never worked (no frame, not up minUptime) does not count against the server', () => {
    const { pool, sockets } = setup({ heartbeat: { interval: 100, timeout: 100 }, reconnect: { minUptime: 10_000 } })
    void pool.connect()
    for (let i = 0; i < 4; i++) {
      sockets.last('queue').open() // opens, but never sends anything
      advance(200)
      advance(30_000)
    }
    expect(heartbeatCloses(sockets.all)).toBe(4)
    expect(pool.health('queue').heartbeat).toBe('on')
  })
})

describe('heartbeat against a server that answers pings', () => {
  it('is unchanged: pongs keep the socket, and once it has answered, every later silence still closes and reconnects', () => {
    const { pool, sockets } = setup({ heartbeat })
    void pool.connect()
    run(TEN_MINUTES, serve(sockets, { pongs: true }))
    expect(sockets.all).toHaveLength(1)
    expect(pool.health('queue')).toMatchObject({ heartbeat: 'on', status: 'connected' })
    // The server goes silent (a dead socket) three times: three closes, the heartbeat never gives up.
    const silent = serve(sockets, { pongs: false })
    run(TEN_MINUTES, silent)
    expect(heartbeatCloses(sockets.all)).toBeGreaterThanOrEqual(3)
    expect(pool.health('queue').heartbeat).toBe('on')
  })

  it('a pong that chaos drops still proves the server answers: dropPongs keeps closing sockets', () => {
    const { pool, sockets } = setup({ heartbeat })
    void pool.connect()
    pool.chaos.dropPongs('queue', true)
    run(TEN_MINUTES, serve(sockets, { pongs: true }))
    expect(heartbeatCloses(sockets.all)).toBeGreaterThanOrEqual(3)
    expect(pool.health('queue').heartbeat).toBe('on')
  })
})

describe('heartbeat: false', () => {
  it('at pool level sends no ping on any endpoint; health says off', () => {
    const { pool, sockets } = setup({ heartbeat: false, endpoints: [endpoint('queue', 1), endpoint('routes', 1)] })
    void pool.connect()
    run(TEN_MINUTES, serve(sockets, { pongs: true }))
    expect(sockets.all).toHaveLength(2)
    for (const socket of sockets.all) expect(socket.sent).toEqual([])
    expect(pool.health('queue').heartbeat).toBe('off')
  })

  it('an endpoint heartbeat object turns it back on under a pool-level false', () => {
    const { pool, sockets } = setup({ heartbeat: false, endpoints: [{ ...endpoint('queue', 1), heartbeat: { interval: 1000 } }, endpoint('routes', 1)] })
    void pool.connect()
    advance(100)
    for (const socket of sockets.all) socket.open()
    advance(1000)
    expect(sockets.last('queue').sentFrames()).toEqual([{ type: 'ping', timestamp: 1100 }])
    expect(sockets.last('routes').sent).toEqual([])
    expect(pool.health('queue').heartbeat).toBe('on')
  })
})

describe('heartbeat interval and timeout validation', () => {
  it.each([
    ['interval', 1e10], ['interval', 0], ['interval', -5], ['interval', Number.NaN], ['interval', Number.POSITIVE_INFINITY],
    ['timeout', 2 ** 31], ['timeout', 0], ['timeout', Number.NaN],
  ])('heartbeat.%s = %s throws an Error naming the field', (field, value) => {
    expect(() => setup({ heartbeat: { [field]: value } })).toThrow(new RegExp(`heartbeat\\.${field} must be a finite number of ms > 0 and ≤ 2147483647`))
    expect(() => setup({ endpoints: [{ ...endpoint('queue', 1), heartbeat: { [field]: value } }] }))
      .toThrow(new RegExp(`endpoints\\[0\\]\\.heartbeat\\.${field} must be`))
  })

  it('accepts the largest timer delay, 2^31−1 ms', () => {
    expect(() => setup({ heartbeat: { interval: 2 ** 31 - 1, timeout: 1 } })).not.toThrow()
  })
})

describe('waits longer than setTimeout can hold', () => {
  it('a recoveryTimeout of 1e10 ms keeps the circuit open quietly instead of overflowing into a 1 ms loop', () => {
    const { pool, sockets, transitions } = setup({ circuitBreaker: { failureThreshold: 1, recoveryTimeout: 1e10 } })
    void pool.connect()
    sockets.last('queue').fail()
    const before = transitions.length
    advance(60_000)
    expect(transitions.length).toBe(before)
    expect(sockets.all).toHaveLength(1)
    expect(pool.health('queue').circuitState).toBe('open')
  })
})
