import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionPool } from 'zustand-realtime/transport'
import { wsPath } from '../../src/store/dashboard/feeds'
import {
  allConnected, createTransportHarness, expectNoOpenSockets, dashboardEndpoints, recordTransitions, statusLine, waitFor, warmUp,
} from '../helpers/transportHarness'

const attemptsOf = (pool: ConnectionPool): Record<string, number> =>
  Object.fromEntries(pool.endpoints.map((name) => [name, pool.metrics().endpoints[name]?.attempts ?? 0]))

/** Every endpoint has stayed up past minUptime (1000 ms by default), so a drop is not a flap. */
const allStable = (pool: ConnectionPool, minUptime = 1000): boolean =>
  pool.endpoints.every((name) => {
    const { connectedAt } = pool.health(name)
    return connectedAt !== null && Date.now() - connectedAt > minUptime + 50
  })

describe('transport against the reference server: recovery', () => {
  const harness = createTransportHarness()
  beforeAll(warmUp)
  afterEach(() => harness.cleanup())
  afterAll(expectNoOpenSockets)

  it('recovers all 8 endpoints after a ~3 s server outage on the same port, with only the queue probing meanwhile', async () => {
    const outageMs = 3000
    const first = await harness.server()
    const { port } = first
    const pool = harness.pool({ endpoints: dashboardEndpoints(first.wsBase) })
    const transitions = recordTransitions(pool)
    await pool.connect()
    await waitFor(`all connected (${statusLine(pool)})`, () => allConnected(pool), { timeoutMs: 8000 })
    await waitFor('all stable', () => allStable(pool), { timeoutMs: 5000 })

    const before = attemptsOf(pool)
    const stoppedAt = Date.now()
    await first.close()
    // The outage: ~3 s with the port closed, every endpoint reconnecting.
    await waitFor(`${outageMs} ms of outage`, () => Date.now() - stoppedAt >= outageMs, { timeoutMs: outageMs + 1000, intervalMs: 20 })
    const during = attemptsOf(pool)
    expect(Object.values(pool.healthAll()).map((health) => health.status)).toEqual(pool.endpoints.map(() => 'reconnecting'))

    const second = await harness.server({ port })
    expect(second.port).toBe(port)
    const backAt = Date.now()
    await waitFor(`all connected again (${statusLine(pool)})`, () => allConnected(pool), { timeoutMs: 20_000 })
    const lastConnected = Math.max(...pool.endpoints.map((name) => pool.health(name).connectedAt ?? Number.NaN))
    const recoveryMs = lastConnected - backAt
    const outageAttempts = Object.fromEntries(pool.endpoints.map((name) => [name, (during[name] ?? 0) - (before[name] ?? 0)]))
    console.info(`[transport] server restart: all 8 connected ${recoveryMs} ms after the server was back (down ${backAt - stoppedAt} ms); attempts during the outage ${JSON.stringify(outageAttempts)}`)
    expect(recoveryMs).toBeLessThan(15_000)

    // Shared recovery: the queue (priority 1, first declared) probed; the others waited for it.
    expect(outageAttempts.queue).toBeGreaterThanOrEqual(2)
    for (const name of pool.endpoints.filter((n) => n !== 'queue')) {
      expect(outageAttempts[name], name).toBeLessThanOrEqual(1)
      expect(transitions.some((t) => t.name === name && t.to === 'waiting for host' && t.at >= stoppedAt && t.reason.includes('queue probes')), name).toBe(true)
    }
    // The restarted server saw the queue first, then the rest staggered, one socket per endpoint.
    const { acceptLog, connections } = second.metrics()
    expect(acceptLog[0]?.endpoint).toBe('queue')
    expect(new Set(acceptLog.map((entry) => entry.endpoint)).size).toBe(8)
    expect(acceptLog).toHaveLength(8)
    // (The first follower may start one stagger after the queue's *start*, i.e. soon after its accept.)
    const secondAt = acceptLog[1]?.at ?? Number.NaN
    for (let index = 2; index < acceptLog.length; index += 1) {
      expect((acceptLog[index]?.at ?? 0) - secondAt).toBeGreaterThanOrEqual((index - 1) * 100 - 20)
      expect((acceptLog[index]?.at ?? 0) - (acceptLog[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(50)
    }
    expect(connections.total).toBe(8)
  }, 40_000)

  it('a chaos kill on a real socket reconnects it: the server sees a new socket, the timeline shows kill and reconnection', async () => {
    const server = await harness.server()
    const pool = harness.pool({
      endpoints: [
        { name: 'queue', url: server.wsBase + wsPath('queue'), priority: 1 },
        { name: 'routes', url: server.wsBase + wsPath('routes'), priority: 2 },
      ],
    })
    const transitions = recordTransitions(pool)
    await pool.connect()
    await waitFor(`connected (${statusLine(pool)})`, () => allConnected(pool), { timeoutMs: 5000 })
    await waitFor('stable', () => allStable(pool), { timeoutMs: 5000 })
    const acceptsBefore = server.metrics().acceptLog.length
    const firstConnectedAt = pool.health('queue').connectedAt

    const killedAt = Date.now()
    pool.chaos.kill('queue')
    expect(pool.health('queue').status).toBe('reconnecting')
    await waitFor(`queue connected again (${statusLine(pool)})`, () => pool.health('queue').status === 'connected', { timeoutMs: 5000 })
    const reconnectedMs = (pool.health('queue').connectedAt ?? 0) - killedAt
    console.info(`[transport] chaos kill: queue reconnected after ${reconnectedMs} ms`)
    expect(pool.health('queue').connectedAt).not.toBe(firstConnectedAt)

    await waitFor('server saw the old socket go and a new one come', () => {
      const metrics = server.metrics()
      return metrics.acceptLog.length === acceptsBefore + 1 && metrics.connections.byEndpoint.queue === 1
    }, { timeoutMs: 3000 })
    const newAccept = server.metrics().acceptLog.at(-1)
    expect(newAccept?.endpoint).toBe('queue')
    expect(newAccept?.at).toBeGreaterThanOrEqual(killedAt)

    const timeline = transitions.filter((t) => t.name === 'queue' && t.at >= killedAt).map((t) => `${t.from} -> ${t.to} (${t.reason})`)
    expect(timeline[0]).toBe('chaos -> chaos (chaos: kill (1006))')
    expect(timeline[1]).toMatch(/^connected -> waiting to retry \(closed 1006/)
    expect(timeline.at(-1)).toBe('connecting -> connected (connected)')
    expect(transitions.find((t) => t.name === 'queue' && t.at >= killedAt && t.to === 'waiting to retry')?.code).toBe(1006)
    // A stable socket's first retry comes quickly (SPEC: ≤ 100 ms, plus handshake).
    expect(reconnectedMs).toBeLessThan(2000)
    expect(pool.metrics().endpoints.queue?.reconnectMs.count).toBe(1)
    // Only the killed endpoint moved.
    expect(transitions.filter((t) => t.name === 'routes' && t.at >= killedAt)).toEqual([])
    expect(pool.health('routes').status).toBe('connected')
  })
})
