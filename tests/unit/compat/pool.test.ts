import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConnectionError, fromIntervals, WebSocketConnectionPool, type PoolEndpointConfig } from 'zustand-realtime/compat'
import type { Message } from 'zustand-realtime/transport'
import { fakeSockets } from '../../helpers/fakeWebSocket'

const pools: WebSocketConnectionPool[] = []
beforeEach(() => { vi.useFakeTimers({ now: 0 }) })
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.disconnect()
  expect(vi.getTimerCount()).toBe(0)
  vi.useRealTimers()
})

const configs: PoolEndpointConfig[] = [
  { name: 'system-status', url: 'ws://plan.test/ws/system-status', priority: 3 },
  { name: 'queue', url: 'ws://plan.test/ws/queue', priority: 1, heartbeatInterval: 1000 },
  { name: 'workflows', url: 'ws://plan.test/ws/workflows', priority: 2, heartbeatInterval: 0 },
]
const makePool = (options: ConstructorParameters<typeof WebSocketConnectionPool>[1] = {}) => {
  const sockets = fakeSockets()
  const pool = new WebSocketConnectionPool(configs, { WebSocket: sockets.WebSocket, lifecycle: null, random: () => 0.5, ...options })
  pools.push(pool)
  return { pool, sockets }
}

describe('WebSocketConnectionPool (the plan\'s class)', () => {
  it('connect() opens one socket per endpoint, priority first, staggerMs apart, and resolves once all started', async () => {
    const { pool, sockets } = makePool({ staggerMs: 100 })
    let resolved = false
    void pool.connect().then(() => { resolved = true })
    await vi.advanceTimersByTimeAsync(150)
    expect(resolved).toBe(false)
    await vi.advanceTimersByTimeAsync(100)
    expect(resolved).toBe(true)
    expect(sockets.all.map((s) => [s.url.split('/').pop(), s.createdAt])).toEqual([['queue', 0], ['workflows', 100], ['system-status', 200]])
  })

  it('getState / getAllStates give the plan\'s shape, with Error and Date objects', async () => {
    const { pool, sockets } = makePool({ staggerMs: 0 })
    await pool.connect()
    expect(pool.getState('queue')).toMatchObject({ status: 'connecting', circuitState: 'closed', reconnectAttempts: 0, lastError: null, lastMessageTime: null })
    sockets.last('queue').open()
    vi.advanceTimersByTime(5)
    sockets.last('queue').receive({ type: 'queue_update', data: { phases: [] } })
    const queue = pool.getState('queue')
    expect(queue.status).toBe('connected')
    expect(queue.lastMessageTime).toEqual(new Date(5))
    expect(pool.getState('queue')).toBe(queue) // unchanged health → the same snapshot object
    sockets.last('workflows').serverClose(4401, 'unauthorized')
    const workflows = pool.getState('workflows')
    expect(workflows.lastError).toBeInstanceOf(ConnectionError)
    expect(workflows.lastError).toBeInstanceOf(Error)
    expect(workflows.lastError).toMatchObject({ code: 4401 })
    expect(workflows.status).toBe('disconnected')
    const all = pool.getAllStates()
    expect(all).toBeInstanceOf(Map)
    expect([...all.keys()]).toEqual(['system-status', 'queue', 'workflows'])
    expect(all.get('queue')).toBe(queue)
    expect(() => pool.getState('qeue')).toThrow('unknown endpoint "qeue"')
  })

  it('subscribe(endpoint, callback) delivers only that endpoint\'s messages until unsubscribed', async () => {
    const { pool, sockets } = makePool({ staggerMs: 0 })
    await pool.connect()
    for (const socket of sockets.all) socket.open()
    const seen: Message[] = []
    const unsubscribe = pool.subscribe('queue', (message) => seen.push(message))
    sockets.last('workflows').receive({ type: 'workflows_update', data: 1 })
    sockets.last('queue').receive({ type: 'queue_update', data: 2 })
    unsubscribe()
    sockets.last('queue').receive({ type: 'queue_update', data: 3 })
    expect(seen.map((m) => m.data)).toEqual([2])
  })

  it('heartbeatInterval pings at that interval; 0 turns the heartbeat off', async () => {
    const { pool, sockets } = makePool({ staggerMs: 0 })
    await pool.connect()
    for (const socket of sockets.all) socket.open()
    vi.advanceTimersByTime(1000)
    expect(sockets.last('queue').sentFrames().map((f) => f.type)).toEqual(['ping'])
    expect(sockets.last('workflows').sentFrames()).toEqual([])
  })

  it('disconnect() resolves with every socket closed and no timer left', async () => {
    const { pool, sockets } = makePool({ staggerMs: 100 })
    void pool.connect()
    vi.advanceTimersByTime(100)
    sockets.last('queue').open()
    await pool.disconnect()
    expect(sockets.live()).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('takes fromIntervals(intervals.websocket) as its options', async () => {
    const intervals = { websocket: { staggerDelay: 250, maxReconnectAttempts: 3, circuitBreaker: { failureThreshold: 2, recoveryTimeout: 10_000, halfOpenMaxAttempts: 1 } } }
    const { pool, sockets } = makePool(fromIntervals(intervals.websocket))
    void pool.connect()
    vi.advanceTimersByTime(600)
    expect(sockets.all.map((s) => s.createdAt)).toEqual([0, 250, 500])
    sockets.last('queue').fail()
    vi.advanceTimersByTime(5000)
    sockets.last('queue').fail()
    expect(pool.getState('queue').circuitState).toBe('open')
  })
})
