import { afterEach, describe, expect, it, vi } from 'vitest'
import { wsPath } from '../../src/store/dashboard/feeds'
import { type RunningServer, startServer } from '../../server/createServer'
import { createClientPool, waitClosed, waitFrames } from '../helpers/serverClient'

const IDLE_MS = 150

describe('reference server: idle detection', () => {
  const clients = createClientPool()
  let server: RunningServer | null = null
  const start = async (): Promise<RunningServer> => {
    server = await startServer({ port: 0, updateIntervalMs: 0, idlePingMs: IDLE_MS })
    return server
  }

  afterEach(async () => {
    await clients.closeAll()
    await server?.close()
    server = null
  })

  it('sends server_ping and a protocol ping after idlePingMs of client silence', async () => {
    const running = await start()
    const client = clients.open(running.wsBase + wsPath('queue'))
    await waitFrames(client, 'queue_update')
    const connectedAt = Date.now()
    const [serverPing] = await waitFrames(client, 'server_ping')
    expect(Date.now() - connectedAt).toBeGreaterThanOrEqual(IDLE_MS - 20)
    expect(serverPing).toEqual({ type: 'server_ping', timestamp: expect.any(Number) })
    await vi.waitFor(() => expect(client.pings).toBeGreaterThanOrEqual(1))
  })

  it('terminates a client that answers neither the server_ping nor the protocol ping', async () => {
    const running = await start()
    const client = clients.open(running.wsBase + wsPath('queue'), { autoPong: false })
    await waitFrames(client, 'server_ping')
    const pingedAt = Date.now()
    expect((await waitClosed(client)).code).toBe(1006)
    expect(Date.now() - pingedAt).toBeGreaterThanOrEqual(IDLE_MS - 20)
    await vi.waitFor(() => expect(running.metrics().connections.total).toBe(0))
  })

  it('keeps a client that answers server_ping with a pong frame', async () => {
    const running = await start()
    const client = clients.open(running.wsBase + wsPath('queue'), { autoPong: false })
    client.socket.on('message', (data) => {
      if (String(data).includes('"server_ping"')) client.send({ type: 'pong', timestamp: Date.now() })
    })
    // Three pings means it outlived two full ping+grace windows.
    await waitFrames(client, 'server_ping', 3, 3000)
    expect(client.closeEvent).toBeNull()
  })

  it('keeps a client that only answers protocol pings (a live peer whose app is quiet)', async () => {
    const running = await start()
    const client = clients.open(running.wsBase + wsPath('queue'))
    await waitFrames(client, 'server_ping', 3, 3000)
    expect(client.pings).toBeGreaterThanOrEqual(2)
    expect(client.closeEvent).toBeNull()
  })
})
