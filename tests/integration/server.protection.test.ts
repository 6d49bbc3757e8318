import { afterEach, describe, expect, it, vi } from 'vitest'
import { wsPath } from '../../src/store/dashboard/feeds'
import { type RunningServer, startServer } from '../../server/createServer'
import type { ServerOptions } from '../../server/options'
import { createClientPool, roundTrip, waitClosed } from '../helpers/serverClient'

describe('reference server: protection', () => {
  const clients = createClientPool()
  let server: RunningServer | null = null
  const start = async (options: ServerOptions): Promise<RunningServer> => {
    server = await startServer({ port: 0, updateIntervalMs: 0, ...options })
    return server
  }
  const connected = async (url: string, options?: Parameters<typeof clients.open>[1]) => {
    const client = clients.open(url, options)
    await vi.waitFor(() => expect(client.frames).toHaveLength(1))
    return client
  }

  afterEach(async () => {
    await clients.closeAll()
    await server?.close()
    server = null
  })

  it('closes a socket over the per-endpoint cap with 1013 and {"retryAfterMs"}; other endpoints still accept', async () => {
    const running = await start({ maxConnectionsPerEndpoint: 2, retryAfterMs: 1500 })
    const queueUrl = running.wsBase + wsPath('queue')
    await connected(queueUrl)
    await connected(queueUrl)

    const third = clients.open(queueUrl)
    const closed = await waitClosed(third)
    expect(closed.code).toBe(1013)
    expect(JSON.parse(closed.reason)).toEqual({ retryAfterMs: 1500 })
    expect(third.frames).toEqual([])

    await connected(running.wsBase + wsPath('routes'))
    expect(running.metrics()).toMatchObject({ accepts: 3, rejects: 1, rejectsByReason: { capacity: 1 } })
  })

  it('enforces the global cap across endpoints', async () => {
    const running = await start({ maxConnections: 2 })
    await connected(running.wsBase + wsPath('queue'))
    await connected(running.wsBase + wsPath('routes'))
    const closed = await waitClosed(clients.open(running.wsBase + wsPath('workflows')))
    expect(closed).toEqual({ code: 1013, reason: JSON.stringify({ retryAfterMs: 2000 }) })
    expect(running.metrics().connections.total).toBe(2)
  })

  it('closes a socket from an Origin not on the allow-list with 1008; allowed and absent Origins pass', async () => {
    const running = await start({ allowedOrigins: ['http://dashboard.test'] })
    const url = running.wsBase + wsPath('queue')
    const evil = clients.open(url, { origin: 'http://evil.test' })
    expect(await waitClosed(evil)).toEqual({ code: 1008, reason: 'origin not allowed' })
    await connected(url, { origin: 'http://dashboard.test' })
    await connected(url)
    expect(running.metrics().rejectsByReason.origin).toBe(1)
  })

  it('closes a socket without the right ?token with 4401 "unauthorized"; the right token is accepted', async () => {
    const running = await start({ token: 's3cret' })
    const url = running.wsBase + wsPath('queue')
    expect(await waitClosed(clients.open(url))).toEqual({ code: 4401, reason: 'unauthorized' })
    expect(await waitClosed(clients.open(`${url}?token=wrong`))).toEqual({ code: 4401, reason: 'unauthorized' })
    const client = await connected(`${url}?token=s3cret`)
    expect(client.frames[0]).toMatchObject({ type: 'queue_update' })
  })

  it('closes a socket that sends a frame over maxFrameBytes with 1009, and only that one', async () => {
    const running = await start({ maxFrameBytes: 1024 })
    const url = running.wsBase + wsPath('queue')
    const bystander = await connected(url)
    const offender = await connected(url)
    offender.send({ type: 'ping', padding: 'x'.repeat(2048) })
    expect((await waitClosed(offender)).code).toBe(1009)
    await roundTrip(bystander, 7)
    await vi.waitFor(() => expect(running.metrics().connections.byEndpoint.queue).toBe(1))
  })

  it('ignores and counts garbage client frames, and the socket stays up', async () => {
    const running = await start({})
    const client = await connected(running.wsBase + wsPath('routes'))
    for (const garbage of ['not json', '{"no":"type"}', '[1,2]', '{"type":5}', 'null']) client.send(garbage)
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true })
    await roundTrip(client, 42)
    expect(running.metrics().garbageIn).toBe(6)
    expect(client.closeEvent).toBeNull()
    expect(client.ofType('pong')).toEqual([{ type: 'pong', timestamp: 42 }])
  })

  it('counts an unknown but well-formed frame type as traffic, not garbage', async () => {
    const running = await start({})
    const client = await connected(running.wsBase + wsPath('routes'))
    client.send({ type: 'subscribe', topic: 'x' })
    await roundTrip(client, 1)
    expect(running.metrics()).toMatchObject({ garbageIn: 0, messagesIn: 2 })
  })
})
