import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { EndpointHealth } from 'zustand-realtime/transport'
import { DASHBOARD_FEEDS, messageTypeOf, wsPath } from '../../src/store/dashboard/feeds'
import {
  activeResources, allConnected, createTransportHarness, expectNoOpenSockets, dashboardEndpoints, holdsFor,
  countingClock, recordMessageTypes, recordTransitions, recordingWebSocket, settledResourceCount, statusLine, waitFor, warmUp,
} from '../helpers/transportHarness'

/** Accept times are taken by the server after each handshake: allow the first one that much latency. */
const ACCEPT_JITTER_MS = 20
const STAGGER_MS = 100

describe('transport against the reference server: connect, stagger, routing, teardown', () => {
  const harness = createTransportHarness()
  beforeAll(warmUp)
  afterEach(() => harness.cleanup())
  afterAll(expectNoOpenSockets)

  // First in the file: no earlier test's sockets or timers are still winding down.
  it('disconnect() leaves the server with 0 open sockets, no pending transport timer, and no extra timers or sockets in the process', async () => {
    const server = await harness.server()
    await waitFor('no TCP socket left from before', () => activeResources('TCPSocketWrap') === 0, { timeoutMs: 5000 })
    const timersBefore = await settledResourceCount('Timeout')
    const clock = countingClock()
    const pool = harness.pool({
      // A 9th endpoint on a path the server 404s: it keeps a retry timer pending.
      endpoints: [...dashboardEndpoints(server.wsBase), { name: 'missing', url: `${server.wsBase}${wsPath('missing')}`, priority: 3 }],
      heartbeat: { interval: 200, timeout: 1000 },
      staggerMs: 20,
      clock,
    })
    await pool.connect()
    const feeds = DASHBOARD_FEEDS.map((feed) => feed.name)
    await waitFor(`8 connected (${statusLine(pool)})`, () => allConnected(pool, feeds), { timeoutMs: 8000 })
    await waitFor('missing endpoint failed and waits to retry', () =>
      (pool.metrics().endpoints.missing?.failures ?? 0) >= 1 && pool.health('missing').nextRetryAt !== null, { timeoutMs: 5000 })
    await waitFor('heartbeats answered on every feed', () =>
      feeds.every((name) => (pool.metrics().endpoints[name]?.latencyMs.count ?? 0) >= 1), { timeoutMs: 5000 })
    // The measures see the pool's timers and sockets while it runs.
    expect(clock.pending()).toBeGreaterThanOrEqual(9)
    expect(activeResources('Timeout')).toBeGreaterThan(timersBefore)
    expect(activeResources('TCPSocketWrap')).toBeGreaterThanOrEqual(16)
    expect(server.metrics().connections.total).toBe(8)

    pool.disconnect()
    pool.disconnect() // idempotent
    expect(clock.pending()).toBe(0)

    await waitFor('server sees 0 open sockets', () => server.metrics().connections.total === 0, { timeoutMs: 5000 })
    await waitFor(
      `timers and sockets back to their count before the pool (Timeout ${activeResources('Timeout')}/${timersBefore}, TCPSocketWrap ${activeResources('TCPSocketWrap')}/0)`,
      () => activeResources('Timeout') <= timersBefore && activeResources('TCPSocketWrap') === 0,
      { timeoutMs: 5000 },
    )
    expect(clock.pending()).toBe(0)
    for (const health of Object.values(pool.healthAll())) {
      expect(health).toMatchObject({ status: 'disconnected', nextRetryAt: null, fallback: 'none' })
    }
  })

  it('opens the 8 dashboard sockets one by one in priority order, ≥ staggerMs apart, and routes each feed only to its own subscribers', async () => {
    const server = await harness.server({ updateIntervalMs: 50 })
    // Declared in reverse, so the order the server sees can only come from the priorities.
    const endpoints = dashboardEndpoints(server.wsBase).reverse()
    const sockets = recordingWebSocket()
    const pool = harness.pool({ endpoints, staggerMs: STAGGER_MS, WebSocket: sockets.WebSocket })
    const received = recordMessageTypes(pool)
    const transitions = recordTransitions(pool)

    await pool.connect()
    await waitFor(`all 8 connected (${statusLine(pool)})`, () => allConnected(pool), { timeoutMs: 8000 })
    // Each endpoint got its snapshot and at least one generator update.
    await waitFor('two frames on every endpoint', () => pool.endpoints.every((name) => (received.get(name)?.length ?? 0) >= 2), { timeoutMs: 8000 })

    const expectedOrder = [...endpoints].sort((a, b) => (a.priority ?? 2) - (b.priority ?? 2)).map((endpoint) => endpoint.name)
    const { acceptLog } = server.metrics()
    expect(acceptLog.map((entry) => entry.endpoint)).toEqual(expectedOrder)
    const priorities = acceptLog.map((entry) => DASHBOARD_FEEDS.find((feed) => feed.name === entry.endpoint)?.priority)
    expect(priorities).toEqual([1, 1, 2, 2, 2, 3, 3, 3])
    const acceptGaps = acceptLog.slice(1).map((entry, index) => entry.at - (acceptLog[index]?.at ?? Number.NaN))
    console.info(`[transport] server accept gaps (ms): ${acceptGaps.join(', ')}`)
    // The server stamps an accept after the handshake, so one late handshake (CPU contention) shortens
    // the next gap. Cumulatively the k-th accept is still ≥ k·staggerMs after the first; and no two are
    // ever bunched together.
    const firstAt = acceptLog[0]?.at ?? Number.NaN
    acceptLog.forEach((entry, index) => expect(entry.at - firstAt).toBeGreaterThanOrEqual(index * STAGGER_MS - ACCEPT_JITTER_MS))
    for (const gap of acceptGaps) expect(gap).toBeGreaterThanOrEqual(STAGGER_MS / 2)
    // On the client side the spacing of socket constructions is exact.
    expect(sockets.created.map((socket) => socket.url)).toEqual(expectedOrder.map((name) => server.wsBase + wsPath(name)))
    const createGaps = sockets.created.slice(1).map((socket, index) => socket.at - (sockets.created[index]?.at ?? Number.NaN))
    for (const gap of createGaps) expect(gap).toBeGreaterThanOrEqual(STAGGER_MS)
    expect(transitions.filter((t) => t.kind === 'state' && t.to === 'connecting').map((t) => t.name)).toEqual(expectedOrder)

    for (const feed of DASHBOARD_FEEDS) {
      const types = new Set(received.get(feed.name)?.map((message) => message.type))
      expect([...types], feed.name).toEqual([messageTypeOf(feed.name)])
    }
    expect(server.metrics().connections.total).toBe(8)
  })

  it('a server requiring a token closes with 4401: the endpoint ends disconnected with the error and never retries; others are unaffected', async () => {
    const server = await harness.server({ token: 't' })
    const pool = harness.pool({
      endpoints: [
        { name: 'queue', url: `${server.wsBase}${wsPath('queue')}`, priority: 1 },
        { name: 'routes', url: `${server.wsBase}${wsPath('routes')}?token=t`, priority: 2 },
      ],
      reconnect: { baseDelay: 50, jitterMax: 50 },
    })
    await pool.connect()
    await waitFor(`queue gave up with 4401 (${statusLine(pool)})`, () =>
      pool.health('queue').status === 'disconnected' && pool.health('queue').lastError?.code === 4401, { timeoutMs: 5000 })
    await waitFor('routes connected', () => pool.health('routes').status === 'connected', { timeoutMs: 5000 })

    const queue = pool.health('queue')
    expect(queue.lastError?.message).toMatch(/4401/)
    expect(queue.lastError?.message).toMatch(/unauthorized/)
    expect(queue.nextRetryAt).toBeNull()
    const attempts = pool.metrics().endpoints.queue?.attempts
    expect(attempts).toBe(1)
    expect(server.metrics().rejectsByReason.token).toBe(1)

    // Far longer than the 50–100 ms backoff: any retry would show.
    await holdsFor('queue makes no further attempt', () =>
      pool.metrics().endpoints.queue?.attempts === attempts &&
      server.metrics().rejectsByReason.token === 1 &&
      pool.health('queue').status === 'disconnected', 2200)
    expect(pool.health('routes').status).toBe('connected')
  })

  it('a full server closes with 1013: the next attempt waits at least the retryAfterMs of the close reason', async () => {
    const retryAfterMs = 1200
    const server = await harness.server()
    server.control.full(true, retryAfterMs)
    const pool = harness.pool({
      endpoints: [{ name: 'queue', url: `${server.wsBase}${wsPath('queue')}`, priority: 1 }],
      // Backoff alone would retry after 50–100 ms: only retryAfterMs can explain a longer wait.
      reconnect: { baseDelay: 50, jitterMax: 50 },
    })
    const transitions = recordTransitions(pool)
    const healths: EndpointHealth[] = []
    pool.onHealth((_name, health) => healths.push(health))
    await pool.connect()

    const closed = await waitFor('a 1013 close', () => transitions.find((t) => t.kind === 'state' && t.code === 1013), { timeoutMs: 5000 })
    server.control.full(false)
    await waitFor(`queue connected after the server had room (${statusLine(pool)})`, () => pool.health('queue').status === 'connected', { timeoutMs: 6000 })

    // The retry time the endpoint chose, against the close it saw: exact.
    const scheduled = healths.find((health) => health.lastError?.code === 1013 && health.nextRetryAt !== null)
    expect(scheduled?.lastError?.message).toContain('retryAfterMs')
    expect((scheduled?.nextRetryAt ?? 0) - (scheduled?.lastError?.at ?? Number.NaN)).toBeGreaterThanOrEqual(retryAfterMs)
    // The attempt it then made (a later good connection does not clear lastError).
    expect(pool.health('queue').lastError).toMatchObject({ code: 1013 })
    const nextAttempt = transitions.find((t) => t.kind === 'state' && t.to === 'connecting' && t.at >= closed.at)
    expect(nextAttempt).toBeDefined()
    const waited = (nextAttempt?.at ?? 0) - closed.at
    console.info(`[transport] 1013 retryAfterMs=${retryAfterMs}: next attempt after ${waited} ms`)
    // −2: the timestamps are separate Date.now() readings, each rounded down to the millisecond.
    expect(waited).toBeGreaterThanOrEqual(retryAfterMs - 2)
    expect(waited).toBeLessThan(retryAfterMs + 2000)
    expect(server.metrics().rejectsByReason.capacity).toBe(1)
    expect(pool.metrics().endpoints.queue?.attempts).toBe(2)
  })
})
