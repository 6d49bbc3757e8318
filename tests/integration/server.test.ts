import { afterEach, describe, expect, it, vi } from 'vitest'
import { DASHBOARD_FEEDS, messageTypeOf, pollPath, wsPath } from '../../src/store/dashboard/feeds'
import { type RunningServer, startServer } from '../../server/createServer'
import type { ServerOptions } from '../../server/options'
import { createClientPool, getJson, roundTrip, waitClosed, waitFrames, waitOpen } from '../helpers/serverClient'

describe('reference server: feeds, routing, polling, metrics', () => {
  const clients = createClientPool()
  let server: RunningServer | null = null
  const start = async (options: ServerOptions = {}): Promise<RunningServer> => {
    server = await startServer({ port: 0, updateIntervalMs: 0, ...options })
    return server
  }

  afterEach(async () => {
    await clients.closeAll()
    await server?.close()
    server = null
  })

  it('sends each of the 8 endpoints a snapshot of its own feed, with the current seq, on connect', async () => {
    const running = await start()
    running.control.burst('routes', 3)
    for (const feed of DASHBOARD_FEEDS) {
      const client = clients.open(running.wsBase + wsPath(feed.name))
      const [snapshot] = await waitFrames(client, feed.messageType)
      expect(client.frames[0]).toBe(snapshot)
      expect(snapshot).toMatchObject({ type: messageTypeOf(feed.name), seq: feed.name === 'routes' ? 3 : 0 })
      expect(snapshot?.data).toMatchObject({ updatedAt: expect.any(Number) })
    }
  })

  it('routes an update only to the sockets of its endpoint, as full data with seq counting up', async () => {
    const running = await start()
    const queueA = clients.open(`${running.wsBase}/api/v1/ws/queue`)
    const queueB = clients.open(`${running.wsBase}/api/v1/ws/queue`)
    const routes = clients.open(`${running.wsBase}/api/v1/ws/routes`)
    await Promise.all([queueA, queueB, routes].map((client) => waitFrames(client, client === routes ? 'routes_update' : 'queue_update')))

    running.control.burst('queue', 3)

    for (const client of [queueA, queueB]) {
      const frames = await waitFrames(client, 'queue_update', 4)
      expect(frames.map((frame) => frame.seq)).toEqual([0, 1, 2, 3])
      expect(frames[3]?.data).toMatchObject({ phases: expect.any(Array), paused: expect.any(Boolean) })
    }
    await roundTrip(routes, 1)
    expect(routes.frames.map((frame) => frame.type)).toEqual(['routes_update', 'pong'])
  })

  it('pushes generator updates on its own at updateIntervalMs', async () => {
    const running = await start({ updateIntervalMs: 20 })
    const client = clients.open(`${running.wsBase}/api/v1/ws/system-status`)
    const frames = await waitFrames(client, 'system_status_update', 3)
    expect(frames.map((frame) => frame.seq)).toEqual([0, 1, 2].map((seq) => seq + Number(frames[0]?.seq)))
  })

  it('answers a ping with a pong carrying the same timestamp', async () => {
    const running = await start()
    const client = clients.open(`${running.wsBase}/api/v1/ws/queue`)
    await waitOpen(client)
    client.send({ type: 'ping', timestamp: 1234.5 })
    const [pong] = await waitFrames(client, 'pong')
    expect(pong).toEqual({ type: 'pong', timestamp: 1234.5 })
  })

  it('serves the socket snapshot over GET /api/v1/<name> with CORS, and 404 for an unknown feed', async () => {
    const running = await start()
    running.control.burst('planned-features', 2)
    const client = clients.open(`${running.wsBase}/api/v1/ws/planned-features`)
    const [snapshot] = await waitFrames(client, 'planned_features_update')

    const polled = await getJson(running.url + pollPath('planned-features'))
    expect(polled.status).toBe(200)
    expect(polled.headers.get('content-type')).toBe('application/json')
    expect(polled.headers.get('access-control-allow-origin')).toBe('*')
    expect(polled.body).toEqual(snapshot)
    expect(polled.body).toMatchObject({ seq: 2 })
    expect((await getJson(`${running.url}/api/v1/nope`)).status).toBe(404)
  })

  it('answers GET /healthz with {ok: true}', async () => {
    const running = await start()
    expect(await getJson(`${running.url}/healthz`)).toMatchObject({ status: 200, body: { ok: true } })
  })

  it('counts open sockets per endpoint, accepts, rejects and messagesOut in /metrics, with an accept log', async () => {
    const running = await start({ maxConnectionsPerEndpoint: 2 })
    const opened = (['queue', 'queue', 'adw-monitor'] as const).map((name) => clients.open(running.wsBase + wsPath(name)))
    for (const client of opened) await vi.waitFor(() => expect(client.frames).toHaveLength(1))
    const refused = clients.open(`${running.wsBase}/api/v1/ws/queue`)
    await vi.waitFor(() => expect(refused.closeEvent?.code).toBe(1013))

    const { body } = await getJson(`${running.url}/metrics`)
    expect(body).toMatchObject({
      connections: {
        total: 3,
        byEndpoint: { queue: 2, 'adw-monitor': 1, workflows: 0, routes: 0, 'workflow-history': 0, 'planned-features': 0, 'system-status': 0, 'webhook-status': 0 },
      },
      accepts: 3,
      rejects: 1,
      messagesOut: 3,
      garbageIn: 0,
    })
    expect(running.metrics().acceptLog.map((entry) => entry.endpoint)).toEqual(['queue', 'queue', 'adw-monitor'])

    opened[0]?.socket.close()
    await vi.waitFor(() => expect(running.metrics().connections.byEndpoint.queue).toBe(1))
  })

  it('rejects an upgrade to an unknown endpoint with HTTP 404', async () => {
    const running = await start()
    const client = clients.open(`${running.wsBase}/api/v1/ws/not-a-feed`)
    await vi.waitFor(() => expect(client.error?.message).toMatch(/404/))
    expect(running.metrics().rejectsByReason.not_found).toBe(1)
  })

  it('closes every socket with 1001 on close() and stops listening', async () => {
    const running = await start({ updateIntervalMs: 10 })
    const client = clients.open(`${running.wsBase}/api/v1/ws/queue`)
    await waitFrames(client, 'queue_update')
    await running.close()
    expect(await waitClosed(client)).toEqual({ code: 1001, reason: 'server shutting down' })
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow()
  })
})
