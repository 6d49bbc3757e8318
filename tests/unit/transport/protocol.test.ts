import { describe, expect, it, vi } from 'vitest'
import { defaultProtocol, envelopeProtocol, type Message, type WireProtocol } from 'zustand-realtime/transport'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

/** A backend that is not ours: `{event, payload}` envelopes, `heartbeat` → `heartbeat_ack {ts}`, `keepalive` → `keepalive_ok`. */
const foreign = envelopeProtocol({ type: 'event', data: 'payload', timestamp: 'ts', ping: 'heartbeat', pong: 'heartbeat_ack', serverPing: 'keepalive', serverPingReply: 'keepalive_ok' })

describe('envelopeProtocol', () => {
  it('maps an envelope onto {type, data, timestamp} and keeps the other fields', () => {
    expect(foreign.parse('{"event":"queue.update","payload":{"jobs":[1]},"ts":7,"seq":3}'))
      .toEqual({ event: 'queue.update', type: 'queue.update', data: { jobs: [1] }, timestamp: 7, ts: 7, payload: { jobs: [1] }, seq: 3 })
  })

  it('builds its ping, recognises its pong and answers its server ping in its own field names', () => {
    expect(JSON.parse(foreign.ping(42) ?? 'null')).toEqual({ event: 'heartbeat', ts: 42 })
    expect(foreign.pongTimestamp(foreign.parse('{"event":"heartbeat_ack","ts":42}'))).toBe(42)
    expect(foreign.pongTimestamp(foreign.parse('{"event":"heartbeat_ack"}'))).toBeNull()
    expect(foreign.pongTimestamp(foreign.parse('{"event":"queue.update"}'))).toBeUndefined()
    expect(JSON.parse(foreign.serverPingReply(foreign.parse('{"event":"keepalive","ts":9}')) ?? 'null')).toEqual({ event: 'keepalive_ok', ts: 9 })
    expect(foreign.serverPingReply(foreign.parse('{"event":"queue.update"}'))).toBeNull()
  })

  it('rejects frames that are not JSON or lack the type field, naming the field', () => {
    expect(() => foreign.parse('{{')).toThrow(/not JSON/)
    expect(() => foreign.parse('{"type":"queue_update"}')).toThrow('without a string "event"')
    expect(() => envelopeProtocol({ type: '', data: 'payload' })).toThrow(/`type` must name a field/)
  })

  it('`ping: null` has no client ping; the default protocol is SPEC §3', () => {
    expect(envelopeProtocol({ type: 'event', data: 'payload', ping: null }).ping(1)).toBeNull()
    expect(JSON.parse(defaultProtocol.ping(5) ?? 'null')).toEqual({ type: 'ping', timestamp: 5 })
    expect(defaultProtocol.pongTimestamp({ type: 'pong', timestamp: 5 })).toBe(5)
    expect(JSON.parse(defaultProtocol.serverPingReply({ type: 'server_ping', timestamp: 8 }) ?? 'null')).toEqual({ type: 'pong', timestamp: 8 })
  })
})

describe('a pool speaking a foreign protocol', () => {
  const connectedForeign = (options: Parameters<typeof setup>[0] = {}) => {
    const env = setup({ protocol: foreign, heartbeat: { interval: 30_000, timeout: 5000 }, ...options })
    void env.pool.connect()
    env.sockets.last('queue').open()
    return env
  }

  it('delivers {event, payload} frames as {type, data}, pings in its format and takes heartbeat_ack as the pong (RTT)', () => {
    const { pool, sockets } = connectedForeign()
    const received: Message[] = []
    pool.subscribe('queue', (message) => received.push(message))
    const socket = sockets.last('queue')
    socket.receive('{"event":"queue.update","payload":{"jobs":[1,2]}}')
    expect(received).toMatchObject([{ type: 'queue.update', data: { jobs: [1, 2] } }])
    advance(30_000)
    expect(socket.sentFrames()).toEqual([{ event: 'heartbeat', ts: 30_000 }])
    advance(25)
    socket.receive('{"event":"heartbeat_ack","ts":30000}')
    expect(pool.health('queue')).toMatchObject({ latencyMs: 25, heartbeat: 'on', status: 'connected' })
    expect(received).toHaveLength(1) // the pong is not data
    advance(10_000)
    expect(socket.isLive).toBe(true)
    expect(pool.metrics().latencyMs.count).toBe(1)
  })

  it('answers the server ping in its format and does not deliver it', () => {
    const { pool, sockets } = connectedForeign()
    const received = vi.fn()
    pool.subscribe('queue', received)
    sockets.last('queue').receive('{"event":"keepalive","ts":11}')
    expect(sockets.last('queue').sentFrames()).toEqual([{ event: 'keepalive_ok', ts: 11 }])
    expect(received).not.toHaveBeenCalled()
  })

  it('a frame the protocol rejects is dropped, counted and recorded; the socket stays up', () => {
    const { pool, sockets } = connectedForeign()
    sockets.last('queue').receive({ type: 'queue_update', data: 1 })
    expect(pool.health('queue').lastError?.message).toBe('dropped a frame: without a string "event": "{\\"type\\":\\"queue_update\\",\\"data\\":1}"')
    expect(pool.metrics().messagesDropped).toBe(1)
    expect(sockets.last('queue').isLive).toBe(true)
  })

  it('a protocol whose parse() returns no message is reported, not delivered', () => {
    const broken: WireProtocol = { ...defaultProtocol, parse: () => JSON.parse('[]') }
    const { pool, sockets } = connectedForeign({ protocol: broken })
    const received = vi.fn()
    pool.subscribe('queue', received)
    sockets.last('queue').receive({ type: 'queue_update' })
    expect(received).not.toHaveBeenCalled()
    expect(pool.health('queue').lastError?.message).toContain('parse() must return an object with a string "type"')
  })

  it('the endpoint protocol wins over the pool protocol; other endpoints keep the pool one', () => {
    const { pool, sockets } = setup({ protocol: foreign, endpoints: [{ ...endpoint('queue', 1), protocol: defaultProtocol }, endpoint('routes', 1)] })
    void pool.connect()
    advance(100)
    const seen: string[] = []
    pool.subscribe('queue', (m) => seen.push(`queue:${m.type}`))
    pool.subscribe('routes', (m) => seen.push(`routes:${m.type}`))
    for (const s of sockets.all) s.open()
    sockets.last('queue').receive({ type: 'queue_update', data: 1 })
    sockets.last('routes').receive('{"event":"routes.update","payload":2}')
    expect(seen).toEqual(['queue:queue_update', 'routes:routes.update'])
  })

  it('a protocol without a client ping means heartbeat "off": no ping is ever sent', () => {
    const { pool, sockets } = connectedForeign({ protocol: envelopeProtocol({ type: 'event', data: 'payload', ping: null }) })
    advance(600_000)
    expect(sockets.last('queue').sent).toEqual([])
    expect(sockets.all).toHaveLength(1)
    expect(pool.health('queue').heartbeat).toBe('off')
  })

  it('polling snapshots are parsed with the endpoint protocol too', async () => {
    const fetch = vi.fn(async () => ({ ok: true, status: 200, text: async () => '{"event":"queue.snapshot","payload":{"jobs":[]}}' }))
    const { pool, sockets } = setup({ protocol: foreign, fetch, circuitBreaker: { failureThreshold: 1 }, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/api/v1/queue', intervalMs: 5000 } }] })
    const received: Message[] = []
    pool.subscribe('queue', (m) => received.push(m))
    void pool.connect()
    sockets.last('queue').fail()
    await vi.advanceTimersByTimeAsync(0)
    expect(pool.health('queue').fallback).toBe('polling')
    expect(received).toMatchObject([{ type: 'queue.snapshot', data: { jobs: [] } }])
  })

  it('an object that is not a WireProtocol is refused with an Error naming what is missing', () => {
    const withoutPing: WireProtocol = { ...defaultProtocol }
    Reflect.deleteProperty(withoutPing, 'ping') // what a JavaScript caller can pass
    expect(() => setup({ endpoints: [{ ...endpoint('queue', 1), protocol: withoutPing }] }))
      .toThrow(/endpoints\[0\]\.protocol must be a WireProtocol .* missing: ping/)
  })
})
