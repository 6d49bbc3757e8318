import { afterEach, describe, expect, it, vi } from 'vitest'
import { type FeedName, wsPath } from '../../src/store/dashboard/feeds'
import { NOT_JSON_FRAME } from '../../server/control'
import { type RunningServer, startServer } from '../../server/createServer'
import type { ServerOptions } from '../../server/options'
import { createClientPool, postJson, roundTrip, waitClosed, waitFrames } from '../helpers/serverClient'

describe('reference server: control API', () => {
  const clients = createClientPool()
  let server: RunningServer | null = null
  const start = async (options: ServerOptions = {}): Promise<RunningServer> => {
    server = await startServer({ port: 0, updateIntervalMs: 0, ...options })
    return server
  }
  const connect = async (running: RunningServer, name: FeedName) => {
    const client = clients.open(running.wsBase + wsPath(name))
    await vi.waitFor(() => expect(client.frames).toHaveLength(1))
    return client
  }

  afterEach(async () => {
    await clients.closeAll()
    await server?.close()
    server = null
  })

  it('silence: the endpoint gets nothing (no pong, no update) until it is lifted; others are untouched', async () => {
    const running = await start()
    const queue = await connect(running, 'queue')
    const routes = await connect(running, 'routes')
    running.control.silence('queue', true)

    queue.send({ type: 'ping', timestamp: 1 })
    running.control.burst('queue', 2)
    await vi.waitFor(() => expect(running.metrics().messagesIn).toBe(1))
    await roundTrip(routes, 2)

    running.control.silence('queue', false)
    // Frames on one socket arrive in order: had anything been sent while silenced, it would come first.
    await roundTrip(queue, 3)
    expect(queue.frames.map((frame) => frame.type)).toEqual(['queue_update', 'pong'])
    expect(queue.ofType('pong')).toEqual([{ type: 'pong', timestamp: 3 }])
  })

  it('dropPongs: pings go unanswered while updates keep flowing', async () => {
    const running = await start()
    const queue = await connect(running, 'queue')
    running.control.dropPongs('*', true)
    queue.send({ type: 'ping', timestamp: 1 })
    running.control.burst('queue', 1)
    await waitFrames(queue, 'queue_update', 2)
    await vi.waitFor(() => expect(running.metrics().messagesIn).toBe(1))

    running.control.dropPongs('*', false)
    await roundTrip(queue, 2)
    expect(queue.ofType('pong')).toEqual([{ type: 'pong', timestamp: 2 }])
  })

  it('refuse: new upgrades fail with HTTP 503, open sockets stay, and connects work again after', async () => {
    const running = await start()
    const open = await connect(running, 'queue')
    running.control.refuse(true)
    const refused = clients.open(running.wsBase + wsPath('queue'))
    await waitClosed(refused)
    expect(refused.error?.message).toMatch(/503/)
    expect(open.closeEvent).toBeNull()
    expect(running.metrics().rejectsByReason.refused).toBe(1)

    running.control.refuse(false)
    await connect(running, 'queue')
  })

  it('full: every new socket is closed 1013 with the given retryAfterMs', async () => {
    const running = await start()
    running.control.full(true, 700)
    expect(await waitClosed(clients.open(running.wsBase + wsPath('routes')))).toEqual({
      code: 1013,
      reason: '{"retryAfterMs":700}',
    })
    running.control.full(false)
    await connect(running, 'routes')
  })

  it('dropAll: closes every open socket, with 1012 by default', async () => {
    const running = await start()
    const sockets = await Promise.all((['queue', 'routes', 'system-status'] as const).map((name) => connect(running, name)))
    expect(running.control.dropAll()).toBe(3)
    for (const client of sockets) expect(await waitClosed(client)).toEqual({ code: 1012, reason: 'dropped by control' })
    await vi.waitFor(() => expect(running.metrics().connections.total).toBe(0))
  })

  it('dropAll(1006): cuts the connection without a close frame', async () => {
    const running = await start()
    const client = await connect(running, 'queue')
    running.control.dropAll(1006)
    expect((await waitClosed(client)).code).toBe(1006)
    expect(() => running.control.dropAll(1005)).toThrow(RangeError)
  })

  it('garbage: sends a non-JSON frame and a type-less JSON frame to that endpoint only', async () => {
    const running = await start()
    const queue = await connect(running, 'queue')
    const routes = await connect(running, 'routes')
    running.control.garbage('queue')
    await vi.waitFor(() => expect(queue.texts).toHaveLength(3))
    expect(queue.texts[1]).toBe(NOT_JSON_FRAME)
    expect(queue.frames[1]).not.toHaveProperty('type')
    await roundTrip(routes, 1)
    expect(routes.texts).toHaveLength(2)
  })

  it('setUpdateInterval: starts and stops the generator', async () => {
    const running = await start()
    const status = await connect(running, 'system-status')
    running.control.setUpdateInterval(10)
    expect(running.control.state().updateIntervalMs).toBe(10)
    await waitFrames(status, 'system_status_update', 3)
    running.control.setUpdateInterval(0)
    expect(running.control.state().updateIntervalMs).toBe(0)
    const sentAtStop = running.metrics().messagesOut
    await roundTrip(status, 1)
    expect(running.metrics().messagesOut).toBe(sentAtStop + 1)
  })

  it('is served over POST /__control when enabled, with 400 for a bad command', async () => {
    const running = await start({ control: true })
    const queue = await connect(running, 'queue')
    const burst = await postJson(`${running.url}/__control`, { action: 'burst', endpoint: 'queue', count: 2 })
    expect(burst.status).toBe(200)
    await waitFrames(queue, 'queue_update', 3)

    const silenced = await postJson(`${running.url}/__control`, { action: 'silence', endpoint: '*', on: true })
    expect(silenced.body).toMatchObject({ ok: true, state: { silenced: expect.arrayContaining(['queue', 'webhook-status']) } })
    const reset = await postJson(`${running.url}/__control`, { action: 'reset' })
    expect(reset.body).toMatchObject({ ok: true, state: { silenced: [], refusing: false, fullRetryAfterMs: null } })

    expect((await postJson(`${running.url}/__control`, { action: 'burst', endpoint: 'nope' })).status).toBe(400)
    expect((await postJson(`${running.url}/__control`, { action: 'explode' })).status).toBe(400)
    expect((await postJson(`${running.url}/__control`, { action: 'dropAll', code: 1005 })).status).toBe(400)
  })

  it('is not served over HTTP unless enabled', async () => {
    const running = await start()
    const answer = await postJson(`${running.url}/__control`, { action: 'refuse', on: true })
    expect(answer.status).toBe(404)
    expect(running.control.state().refusing).toBe(false)
  })
})
