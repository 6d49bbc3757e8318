import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HEARTBEAT_UNANSWERED_MESSAGE } from 'zustand-realtime/transport'
import { wsPath } from '../../src/store/dashboard/feeds'
import { createTransportHarness, expectNoOpenSockets, holdsFor, recordTransitions, statusLine, waitFor, warmUp } from '../helpers/transportHarness'

/** The transport against backends that are not quite ours: no pongs, tokens that expire. Real `ws` server, real sockets. */
describe('transport against the reference server: a backend that does not answer pings, token refresh', () => {
  const harness = createTransportHarness()
  beforeAll(warmUp)
  afterEach(() => harness.cleanup())
  afterAll(expectNoOpenSockets)

  it('a server that never answers ping: at most two heartbeat closes per endpoint, then the heartbeat is off and health says so', async () => {
    const server = await harness.server()
    server.control.dropPongs('*', true) // before any socket: the server has never answered a ping
    const names = ['queue', 'routes'] as const
    const heartbeat = { interval: 150, timeout: 150 }
    const pool = harness.pool({
      endpoints: names.map((name) => ({ name, url: server.wsBase + wsPath(name), priority: 1 as const })),
      heartbeat, staggerMs: 20, reconnect: { minUptime: 100 },
    })
    const transitions = recordTransitions(pool)
    await pool.connect()
    await waitFor(`heartbeat given up on both (${statusLine(pool)})`, () => names.every((name) => pool.health(name).heartbeat === 'unanswered'), { timeoutMs: 10_000 })
    await waitFor(`both connected again (${statusLine(pool)})`, () => names.every((name) => pool.health(name).status === 'connected'), { timeoutMs: 5000 })
    for (const name of names) {
      expect(pool.health(name).lastError?.message).toBe(HEARTBEAT_UNANSWERED_MESSAGE)
      expect(transitions.filter((t) => t.name === name && t.code === 4000)).toHaveLength(2)
    }
    // No churn afterwards, and no pings: for 10 heartbeat periods the server hears nothing and keeps both sockets.
    const heardBefore = server.metrics().messagesIn
    const acceptsBefore = server.metrics().accepts
    await holdsFor('both stay connected', () => names.every((name) => pool.health(name).status === 'connected'), 10 * (heartbeat.interval + heartbeat.timeout))
    expect(server.metrics().messagesIn).toBe(heardBefore)
    expect(server.metrics().accepts).toBe(acceptsBefore)
    expect(transitions.filter((t) => t.code === 4000)).toHaveLength(4)
    expect(server.metrics().accepts).toBe(6) // 3 sockets per endpoint: the first, and one after each heartbeat close
  })

  it('the same server answering pings keeps the default behaviour: no close, RTT measured, heartbeat on', async () => {
    const server = await harness.server()
    const heartbeat = { interval: 150, timeout: 150 }
    const pool = harness.pool({ endpoints: [{ name: 'queue', url: server.wsBase + wsPath('queue'), priority: 1 }], heartbeat })
    const transitions = recordTransitions(pool)
    await pool.connect()
    await waitFor('five pongs', () => (pool.metrics().latencyMs.count ?? 0) >= 5, { timeoutMs: 5000 })
    expect(pool.health('queue')).toMatchObject({ status: 'connected', heartbeat: 'on' })
    expect(transitions.filter((t) => t.code === 4000)).toEqual([])
    expect(server.metrics().accepts).toBe(1)
  })

  it('async url with a token: a 4401 calls auth.refresh() once, the url is read again and the socket connects', async () => {
    const server = await harness.server({ token: 'fresh' })
    let token = 'expired'
    let refreshes = 0
    const pool = harness.pool({
      endpoints: [{
        name: 'queue',
        url: async () => `${server.wsBase}${wsPath('queue')}?token=${token}`,
        priority: 1,
        auth: { refresh: async () => { refreshes++; token = 'fresh' } },
      }],
    })
    await pool.connect()
    // The expired token's socket opens before the server closes it 4401: wait for the server to hold the fresh one.
    await waitFor(`the server keeps the socket with the fresh token (${statusLine(pool)})`, () => server.metrics().connections.byEndpoint.queue === 1 && pool.health('queue').status === 'connected', { timeoutMs: 5000 })
    await holdsFor('it stays connected', () => pool.health('queue').status === 'connected', 300)
    expect(refreshes).toBe(1)
    expect(server.metrics().rejects).toBe(1)
    expect(server.metrics().accepts).toBe(1)
  })

  it('a token that refresh() cannot fix: the second 4401 in a row is final', async () => {
    const server = await harness.server({ token: 'fresh' })
    let refreshes = 0
    const pool = harness.pool({
      endpoints: [{ name: 'queue', url: async () => `${server.wsBase}${wsPath('queue')}?token=never-right`, priority: 1, auth: { refresh: () => { refreshes++ } } }],
    })
    await pool.connect()
    await waitFor(`given up (${statusLine(pool)})`, () => pool.health('queue').status === 'disconnected', { timeoutMs: 5000 })
    await holdsFor('stays given up', () => pool.health('queue').status === 'disconnected' && pool.health('queue').nextRetryAt === null, 500)
    expect(refreshes).toBe(1)
    expect(server.metrics().rejects).toBe(2)
    expect(pool.health('queue').lastError).toMatchObject({ code: 4401 })
  })
})
