import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { describeFeedDataProblem } from '../../src/demo/model/feedShapes'
import { FEED_NAMES, messageTypeOf, type FeedName } from '../../src/store/dashboard'
import { createMockBackend, ensureGlobalWebSocket } from 'zustand-realtime/mocks'

const BASE = 'ws://localhost:8002'
let nowMs = 1_700_000_000_000
const backend = createMockBackend({ baseUrl: BASE, seed: 42, now: () => nowMs })
const server = setupServer(...backend.handlers)
let restoreWebSocket = (): void => {}

interface Recording {
  socket: WebSocket
  opened: boolean
  texts: string[]
  closed: { code: number; reason: string } | null
  frames(): unknown[]
}
const recordings: Recording[] = []

const connect = (name: FeedName, query = ''): Recording => {
  const socket = new WebSocket(`${BASE}/api/v1/ws/${name}${query}`)
  const recording: Recording = {
    socket, opened: false, texts: [], closed: null,
    frames: () => recording.texts.map((text): unknown => JSON.parse(text)),
  }
  socket.onopen = () => { recording.opened = true }
  socket.onmessage = (event) => { recording.texts.push(String(event.data)) }
  socket.onclose = (event) => { recording.closed = { code: event.code, reason: event.reason } }
  recordings.push(recording)
  return recording
}

const until = (condition: () => boolean, what = 'condition'): Promise<void> =>
  vi.waitFor(() => { if (!condition()) throw new Error(`still waiting for ${what}`) }, { timeout: 2000, interval: 2 })

const connected = async (name: FeedName, query = ''): Promise<Recording> => {
  const recording = connect(name, query)
  await until(() => recording.opened && backend.connections(name) > 0, `${name} to open`)
  return recording
}

const withSnapshot = async (name: FeedName): Promise<Recording> => {
  const recording = await connected(name)
  await until(() => recording.texts.length === 1, `${name} snapshot`)
  return recording
}

beforeAll(() => {
  restoreWebSocket = ensureGlobalWebSocket()
  server.listen({ onUnhandledRequest: 'error' })
})
beforeEach(() => { nowMs = 1_700_000_000_000 })
afterEach(async () => {
  for (const { socket } of recordings.splice(0)) socket.close()
  await until(() => backend.connections() === 0, 'every socket to close')
  backend.reset()
  vi.useRealTimers()
})
afterAll(() => {
  server.close()
  backend.dispose()
  restoreWebSocket()
})

describe('sockets', () => {
  it.each(FEED_NAMES)('%s sends its snapshot {type, data, seq} on connect, and the data fits the catalogue', async (name) => {
    const client = await withSnapshot(name)
    expect(client.frames()).toEqual([{ type: messageTypeOf(name), data: backend.snapshot(name).data, seq: 0 }])
    expect(describeFeedDataProblem(name, backend.snapshot(name).data)).toBeNull()
    expect(backend.connections(name)).toBe(1)
    expect(backend.connections()).toBe(1)
  })

  it('answers a ping with a pong carrying the same timestamp, and logs what the client sent', async () => {
    const client = await withSnapshot('queue')
    client.socket.send(JSON.stringify({ type: 'ping', timestamp: 12345 }))
    await until(() => client.texts.length === 2, 'the pong')
    expect(client.frames()[1]).toEqual({ type: 'pong', timestamp: 12345 })
    expect(backend.received.queue).toEqual([{ clientId: expect.any(String), at: nowMs, text: '{"type":"ping","timestamp":12345}', message: { type: 'ping', timestamp: 12345 } }])
  })

  it('pushBurst delivers count full-data updates in seq order, to that feed only; a later snapshot carries the latest seq', async () => {
    const queue = await withSnapshot('queue')
    const routes = await withSnapshot('routes')
    backend.scenario.pushBurst('queue', 5)
    await until(() => queue.texts.length === 6, 'five updates')
    const updates = queue.frames().slice(1)
    expect(updates.map((frame) => (frame as { seq: number }).seq)).toEqual([1, 2, 3, 4, 5])
    for (const update of updates) expect(update).toMatchObject({ type: 'queue_update', data: { phases: expect.any(Array) } })
    routes.socket.send(JSON.stringify({ type: 'ping', timestamp: 1 }))
    await until(() => routes.texts.length === 2, 'the routes pong')
    expect(routes.frames()[1]).toEqual({ type: 'pong', timestamp: 1 })
    const late = await withSnapshot('queue')
    expect(late.frames()[0]).toMatchObject({ type: 'queue_update', seq: 5 })
  })

  it('accepts a socket URL with a token query', async () => {
    const client = await connected('planned-features', '?token=abc')
    await until(() => client.texts.length === 1, 'the snapshot')
    expect(client.frames()[0]).toMatchObject({ type: 'planned_features_update', seq: 0 })
  })

  it('counts a connection once even when two MSW servers deliver it', async () => {
    const second = setupServer(...backend.handlers)
    second.listen({ onUnhandledRequest: 'bypass' })
    try {
      const client = await withSnapshot('routes')
      client.socket.send(JSON.stringify({ type: 'ping', timestamp: 7 }))
      await until(() => client.texts.length >= 2, 'the pong')
      backend.scenario.pushUpdate('routes')
      await until(() => client.texts.length >= 3, 'the update')
      expect(client.frames().map((frame) => (frame as { type: string }).type)).toEqual(['routes_update', 'pong', 'routes_update'])
      expect(backend.connections('routes')).toBe(1)
    } finally {
      second.close()
      // Closing one of two MSW servers restores the original global WebSocket for both: re-arm ours.
      server.close()
      server.listen({ onUnhandledRequest: 'error' })
    }
  })

  it('serves the polling GET with the same snapshot as the socket, a token query included', async () => {
    backend.scenario.pushUpdate('system-status')
    const response = await fetch('http://localhost:8002/api/v1/system-status?token=abc')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ...backend.snapshot('system-status'), seq: 1 })
  })
})

describe('scenario', () => {
  it('restart closes every socket with 1012, refuses sockets and polls for the window, then accepts again', async () => {
    const queue = await withSnapshot('queue')
    const routes = await withSnapshot('routes')
    backend.scenario.restart(3000)
    await until(() => queue.closed !== null && routes.closed !== null, 'both closes')
    expect(queue.closed).toEqual({ code: 1012, reason: 'service restart' })
    expect(routes.closed?.code).toBe(1012)

    const refused = connect('queue')
    await until(() => refused.closed !== null, 'the refusal')
    expect(refused).toMatchObject({ opened: false, texts: [], closed: { code: 1006, reason: 'connection refused' } })
    expect(backend.refusedConnections('queue')).toBe(1)
    await expect(fetch('http://localhost:8002/api/v1/queue')).rejects.toThrow()

    nowMs += 3000
    const back = await withSnapshot('queue')
    expect(back.frames()[0]).toMatchObject({ type: 'queue_update', seq: 0 })
  })

  it('refuseConnections refuses new sockets with the given close until switched off; open sockets stay', async () => {
    const open = await withSnapshot('workflows')
    backend.scenario.refuseConnections(true, { code: 1013, reason: '{"retryAfterMs":2000}' })
    const refused = connect('workflows')
    await until(() => refused.closed !== null, 'the refusal')
    expect(refused.closed).toEqual({ code: 1013, reason: '{"retryAfterMs":2000}' })
    expect(refused.opened).toBe(false)
    expect(open.closed).toBeNull()
    backend.scenario.refuseConnections(false)
    await withSnapshot('workflows')
    expect(backend.connections('workflows')).toBe(2)
  })

  it('sendGarbage sends a non-JSON frame and a frame without type; the socket stays up and updates follow', async () => {
    const client = await withSnapshot('routes')
    backend.scenario.sendGarbage('routes')
    backend.scenario.pushUpdate('routes')
    await until(() => client.texts.length === 4, 'garbage and the update')
    expect(client.texts[1]).toBe('this is not json {')
    expect(JSON.parse(client.texts[2] ?? '')).not.toHaveProperty('type')
    expect(JSON.parse(client.texts[3] ?? '')).toMatchObject({ type: 'routes_update', seq: 1 })
    expect(client.closed).toBeNull()
  })

  it('closeWith closes only that feed\'s sockets with the code and reason', async () => {
    const queue = await withSnapshot('queue')
    const routes = await withSnapshot('routes')
    backend.scenario.closeWith('queue', 4401, 'unauthorized')
    await until(() => queue.closed !== null, 'the 4401')
    expect(queue.closed).toEqual({ code: 4401, reason: 'unauthorized' })
    expect(routes.closed).toBeNull()
    expect(backend.connections('queue')).toBe(0)
    expect(backend.connections('routes')).toBe(1)
  })

  it('goSilent sends nothing (no snapshot, no pong, no update) until switched off', async () => {
    backend.scenario.goSilent(true, 'queue')
    const client = await connected('queue')
    client.socket.send(JSON.stringify({ type: 'ping', timestamp: 1 }))
    backend.scenario.pushUpdate('queue')
    backend.scenario.serverPing('queue')
    await until(() => backend.received.queue.length === 1, 'the ping to arrive')
    backend.scenario.goSilent(false, 'queue')
    backend.scenario.pushUpdate('queue')
    await until(() => client.texts.length > 0, 'the first frame after the silence')
    expect(client.frames()).toEqual([expect.objectContaining({ type: 'queue_update', seq: 2 })])
  })

  it('dropPongs stops pongs for one feed while updates and other feeds\' pongs flow', async () => {
    const queue = await withSnapshot('queue')
    const routes = await withSnapshot('routes')
    backend.scenario.dropPongs(true, 'queue')
    queue.socket.send(JSON.stringify({ type: 'ping', timestamp: 1 }))
    routes.socket.send(JSON.stringify({ type: 'ping', timestamp: 2 }))
    await until(() => backend.received.queue.length === 1 && routes.texts.length === 2, 'both pings handled')
    backend.scenario.pushUpdate('queue')
    backend.scenario.dropPongs(false)
    queue.socket.send(JSON.stringify({ type: 'ping', timestamp: 3 }))
    await until(() => queue.texts.length === 3, 'the update and the later pong')
    expect(queue.frames().slice(1)).toEqual([expect.objectContaining({ type: 'queue_update', seq: 1 }), { type: 'pong', timestamp: 3 }])
    expect(routes.frames()[1]).toEqual({ type: 'pong', timestamp: 2 })
  })

  it('serverPing sends server_ping with the current time; the client\'s pong is logged', async () => {
    const client = await withSnapshot('webhook-status')
    backend.scenario.serverPing('webhook-status')
    await until(() => client.texts.length === 2, 'the server ping')
    expect(client.frames()[1]).toEqual({ type: 'server_ping', timestamp: nowMs })
    client.socket.send(JSON.stringify({ type: 'pong', timestamp: nowMs }))
    await until(() => backend.received['webhook-status'].length === 1, 'the pong to arrive')
    expect(backend.received['webhook-status'][0]?.message).toEqual({ type: 'pong', timestamp: nowMs })
  })

  it('setUpdateInterval pushes world updates on a timer, with seq increasing per feed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const client = await withSnapshot('adw-monitor')
    backend.scenario.setUpdateInterval(1000)
    await vi.advanceTimersByTimeAsync(10_000)
    await until(() => client.texts.length >= 4, 'a few timed updates')
    const seqs = client.frames().map((frame) => (frame as { seq: number }).seq)
    expect(seqs).toEqual(seqs.map((_, index) => index))
  })
})

describe('lifecycle', () => {
  it('reset closes open sockets with 1001, clears faults and logs, and re-seeds the world', async () => {
    const initial = backend.snapshot('queue')
    const client = await withSnapshot('queue')
    client.socket.send('hello')
    backend.scenario.pushBurst('queue', 3)
    backend.scenario.refuseConnections(true)
    await until(() => backend.received.queue.length === 1 && client.texts.length === 4, 'the traffic')
    backend.reset()
    await until(() => client.closed !== null, 'the close')
    expect(client.closed?.code).toBe(1001)
    expect(backend.received.queue).toEqual([])
    expect(backend.snapshot('queue')).toEqual(initial)
    const fresh = await withSnapshot('queue')
    expect(fresh.frames()[0]).toMatchObject({ seq: 0 })
  })

  it('dispose clears the update timer and leaves no timer behind', () => {
    vi.useFakeTimers()
    const timed = createMockBackend({ updateIntervalMs: 1000 })
    expect(vi.getTimerCount()).toBe(1)
    timed.scenario.setUpdateInterval(250)
    expect(vi.getTimerCount()).toBe(1)
    timed.dispose()
    expect(vi.getTimerCount()).toBe(0)
    timed.dispose()
    expect(vi.getTimerCount()).toBe(0)
  })
})
