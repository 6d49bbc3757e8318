import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionPool, HeartbeatConfig } from 'zustand-realtime/transport'
import { pollPath, wsPath } from '../../src/store/dashboard/feeds'
import type { RunningServer } from '../../server/createServer'
import {
  allConnected, createTransportHarness, expectNoOpenSockets, holdsFor, recordMessageTypes, recordTransitions, statusLine, waitFor, warmUp,
} from '../helpers/transportHarness'

const latencySamples = (pool: ConnectionPool, name: string): number => pool.metrics().endpoints[name]?.latencyMs.count ?? 0

describe('transport against the reference server: heartbeat, bad frames, polling fallback', () => {
  const harness = createTransportHarness()
  beforeAll(warmUp)
  afterEach(() => harness.cleanup())
  afterAll(expectNoOpenSockets)

  const threeEndpoints = (server: RunningServer) => [
    { name: 'queue', url: server.wsBase + wsPath('queue'), priority: 1 as const },
    { name: 'adw-monitor', url: server.wsBase + wsPath('adw-monitor'), priority: 1 as const },
    { name: 'routes', url: server.wsBase + wsPath('routes'), priority: 2 as const },
  ]

  /** Silences the server's queue socket and returns ms from the silence call to the queue leaving `connected`. */
  const heartbeatDetection = async (heartbeat: HeartbeatConfig): Promise<number> => {
    const server = await harness.server()
    const pool = harness.pool({ endpoints: threeEndpoints(server), heartbeat, staggerMs: 20 })
    const transitions = recordTransitions(pool)
    await pool.connect()
    await waitFor(`connected (${statusLine(pool)})`, () => allConnected(pool), { timeoutMs: 5000 })
    await waitFor('a heartbeat answered on every endpoint', () => pool.endpoints.every((name) => latencySamples(pool, name) >= 1), { timeoutMs: 5000 })
    const others = ['adw-monitor', 'routes']
    const samplesAtSilence = Object.fromEntries(others.map((name) => [name, latencySamples(pool, name)]))

    const silencedAt = Date.now()
    server.control.silence('queue', true)
    const bound = heartbeat.interval + heartbeat.timeout
    const left = await waitFor(`queue leaves connected within ${bound} ms + slack (${statusLine(pool)})`, () =>
      transitions.find((t) => t.name === 'queue' && t.kind === 'state' && t.from === 'connected' && t.at >= silencedAt), { timeoutMs: bound + 3000 })
    const detectionMs = left.at - silencedAt

    expect(left.reason).toContain('heartbeat timeout')
    expect(left.code).toBe(4000)
    expect(pool.health('queue').lastError).toMatchObject({ code: 4000 })
    // The other endpoints kept pinging and getting pongs for several more rounds, never leaving `connected`.
    await waitFor('three more answered heartbeats on the other endpoints', () =>
      others.every((name) => latencySamples(pool, name) >= (samplesAtSilence[name] ?? 0) + 3), { timeoutMs: 4 * bound + 3000 })
    expect(transitions.filter((t) => others.includes(t.name) && t.kind === 'state' && t.at >= silencedAt)).toEqual([])
    expect(allConnected(pool, others)).toBe(true)
    return detectionMs
  }

  it('heartbeat {interval 300, timeout 300}: a silenced server socket is detected within interval + timeout, others stay connected', async () => {
    const heartbeat = { interval: 300, timeout: 300 }
    const detectionMs = await heartbeatDetection(heartbeat)
    console.info(`[transport] heartbeat ${JSON.stringify(heartbeat)}: silent socket detected ${detectionMs} ms after the silence`)
    // interval + timeout, plus generous slack for a loaded 2-core machine.
    expect(detectionMs).toBeLessThanOrEqual(heartbeat.interval + heartbeat.timeout + 400)
  })

  it('heartbeat with interval < timeout {interval 200, timeout 400}: a silenced server socket is still detected within interval + timeout', async () => {
    const heartbeat = { interval: 200, timeout: 400 }
    const detectionMs = await heartbeatDetection(heartbeat)
    console.info(`[transport] heartbeat ${JSON.stringify(heartbeat)}: silent socket detected ${detectionMs} ms after the silence`)
    expect(detectionMs).toBeLessThanOrEqual(heartbeat.interval + heartbeat.timeout + 400)
  })

  it('answers the server\'s idle server_ping with a pong, so a client without its own heartbeat is kept', async () => {
    const server = await harness.server({ idlePingMs: 150 })
    const pool = harness.pool({ endpoints: [{ name: 'queue', url: server.wsBase + wsPath('queue'), priority: 1, heartbeat: false }] })
    const transitions = recordTransitions(pool)
    await pool.connect()
    await waitFor(`connected (${statusLine(pool)})`, () => allConnected(pool), { timeoutMs: 5000 })
    const connectedAt = Date.now()
    // Each idle period the server pings; the client's pong is its only outbound frame (no heartbeat of its own).
    await waitFor('three pongs answered', () => (pool.metrics().endpoints.queue?.messagesOut ?? 0) >= 3, { timeoutMs: 5000 })
    // The third pong may still be in flight when the client has counted it: wait for the server to hear it.
    await waitFor('the server heard three pongs', () => server.metrics().messagesIn >= 3, { timeoutMs: 2000 })
    expect(server.metrics().garbageIn).toBe(0)
    expect(server.metrics().connections.byEndpoint.queue).toBe(1)
    expect(server.metrics().accepts).toBe(1)
    expect(transitions.filter((t) => t.kind === 'state' && t.at >= connectedAt)).toEqual([])
    // server_ping is protocol, not data: the subscribers only ever saw the snapshot.
    expect(pool.metrics().endpoints.queue?.messagesIn).toBe(1)
  })

  it('garbage frames are dropped, counted and recorded in lastError; the socket stays up and the next update arrives', async () => {
    const server = await harness.server()
    const pool = harness.pool({ endpoints: threeEndpoints(server), staggerMs: 20 })
    const received = recordMessageTypes(pool)
    const transitions = recordTransitions(pool)
    await pool.connect()
    await waitFor(`connected (${statusLine(pool)})`, () => allConnected(pool), { timeoutMs: 5000 })
    await waitFor('queue snapshot', () => received.get('queue')?.length === 1, { timeoutMs: 5000 })
    const before = pool.metrics()
    const garbageAt = Date.now()

    server.control.garbage('queue')
    await waitFor('two frames dropped', () => pool.metrics().messagesDropped === before.messagesDropped + 2, { timeoutMs: 3000 })
    const health = pool.health('queue')
    expect(health.lastError?.message).toMatch(/dropped a frame/)
    expect(health.lastError?.code).toBeUndefined()
    expect(health.status).toBe('connected')
    expect(pool.metrics().endpoints.queue?.messagesDropped).toBe(2)
    expect(pool.metrics().messagesIn).toBe(before.messagesIn)

    server.control.burst('queue', 1)
    await waitFor('the update after the garbage', () => received.get('queue')?.some((message) => message.seq === 1), { timeoutMs: 3000 })
    expect(received.get('queue')?.map((message) => message.type)).toEqual(['queue_update', 'queue_update'])
    expect(pool.health('queue').status).toBe('connected')
    expect(server.metrics().connections.byEndpoint.queue).toBe(1)
    expect(server.metrics().accepts).toBe(3)
    expect(transitions.filter((t) => t.kind === 'state' && t.at >= garbageAt)).toEqual([])
    // Nothing leaked to the other endpoints.
    for (const name of ['adw-monitor', 'routes']) {
      expect(pool.health(name).lastError).toBeNull()
      expect(pool.metrics().endpoints[name]?.messagesDropped).toBe(0)
    }
  })

  it('a tripped circuit falls back to polling the real HTTP endpoint; resetting it returns to the socket', async () => {
    const server = await harness.server()
    const pollIntervalMs = 200
    const pool = harness.pool({
      endpoints: [{ name: 'queue', url: server.wsBase + wsPath('queue'), priority: 1, poll: { url: server.url + pollPath('queue'), intervalMs: pollIntervalMs } }],
    })
    const received = recordMessageTypes(pool)
    await pool.connect()
    await waitFor(`connected (${statusLine(pool)})`, () => allConnected(pool), { timeoutMs: 5000 })
    await waitFor('socket snapshot', () => received.get('queue')?.length === 1, { timeoutMs: 5000 })
    const messages = () => received.get('queue') ?? []

    pool.chaos.tripCircuit('queue')
    expect(pool.health('queue')).toMatchObject({ circuitState: 'open', fallback: 'polling', status: 'reconnecting' })
    await waitFor('server sees the socket closed', () => server.metrics().connections.byEndpoint.queue === 0, { timeoutMs: 3000 })
    const acceptsWhileOpen = server.metrics().accepts
    // Several polls, one interval apart (± 10 %: each endpoint draws its own jitter, issue 11).
    await waitFor('three polled snapshots', () => messages().length >= 4, { timeoutMs: 3000 })
    server.control.burst('queue', 2)
    await waitFor('the new data, over HTTP', () => messages().some((message) => message.seq === 2), { timeoutMs: 3000 })
    expect(new Set(messages().map((message) => message.type))).toEqual(new Set(['queue_update']))
    const polled = messages().slice(1)
    const gaps = polled.slice(1).map((message, index) => message.at - (polled[index]?.at ?? Number.NaN))
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(0.9 * pollIntervalMs - 2)
    // No socket was opened meanwhile.
    expect(server.metrics().accepts).toBe(acceptsWhileOpen)
    expect(server.metrics().connections.byEndpoint.queue).toBe(0)
    expect(pool.health('queue').fallback).toBe('polling')

    pool.chaos.resetCircuit('queue')
    await waitFor(`connected again (${statusLine(pool)})`, () => pool.health('queue').status === 'connected', { timeoutMs: 5000 })
    expect(pool.health('queue')).toMatchObject({ circuitState: 'closed', fallback: 'none' })
    await waitFor('server sees the new socket', () => server.metrics().connections.byEndpoint.queue === 1, { timeoutMs: 3000 })
    // Polling stopped: over three poll intervals, only the socket snapshot arrives.
    await waitFor('the socket snapshot', () => messages().some((message) => message.at >= (pool.health('queue').connectedAt ?? Infinity)), { timeoutMs: 3000 })
    const afterReconnect = messages().length
    await holdsFor('no more polled snapshots', () => messages().length === afterReconnect, 3 * pollIntervalMs + 100)
  })
})
