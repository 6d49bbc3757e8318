import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDashboardStore } from 'zustand-realtime'
import { createConnectionPool, type ConnectionPool, type PoolOptions } from 'zustand-realtime/transport'
import { fakeSockets, type FakeSocket } from '../../helpers/fakeWebSocket'
import { endpoint } from './fixture'

// Pools made here share one fake WebSocket class (and the system clock under fake timers): one page.
const opened: { disconnect(): void }[] = []
beforeEach(() => { vi.useFakeTimers({ now: 0 }) })
afterEach(() => {
  for (const pool of opened.splice(0)) pool.disconnect()
  vi.useRealTimers()
})

const poolOn = (sockets: ReturnType<typeof fakeSockets>, options: Omit<PoolOptions, 'WebSocket'>): ConnectionPool => {
  const pool = createConnectionPool({ WebSocket: sockets.WebSocket, lifecycle: null, random: () => 0.5, ...options })
  opened.push(pool)
  return pool
}
const startTimes = (sockets: readonly FakeSocket[]) => sockets.map((s) => s.createdAt)
const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - (times[i] ?? 0))
const names = (sockets: readonly FakeSocket[]) => sockets.map((s) => new URL(s.url).host + new URL(s.url).pathname)

describe('one page, one schedule', () => {
  it('two pools created 20 ms apart open their sockets ≥ staggerMs apart, in priority order across both', () => {
    const sockets = fakeSockets()
    const old = poolOn(sockets, { staggerMs: 100, endpoints: [endpoint('queue', 1, 'old'), endpoint('workflows', 2, 'old'), endpoint('status', 3, 'old')] })
    void old.connect()
    vi.advanceTimersByTime(20)
    const next = poolOn(sockets, { staggerMs: 100, endpoints: [endpoint('queue', 1, 'new'), endpoint('routes', 2, 'new')] })
    void next.connect()
    vi.advanceTimersByTime(2000)
    expect(names(sockets.all)).toEqual(['old/ws/queue', 'new/ws/queue', 'old/ws/workflows', 'new/ws/routes', 'old/ws/status'])
    expect(startTimes(sockets.all)).toEqual([0, 100, 200, 300, 400])
    expect(Math.min(...gaps(startTimes(sockets.all)))).toBeGreaterThanOrEqual(100)
  })

  it('an old provider and a new store on the same page: the two /ws/queue sockets are ≥ 100 ms apart and eight per store, staggered', () => {
    const sockets = fakeSockets()
    const storeOptions = { WebSocket: sockets.WebSocket, lifecycle: null, devtools: { enabled: false } }
    const oldStore = createDashboardStore('ws://old.test', storeOptions)
    const newStore = createDashboardStore('ws://new.test', storeOptions)
    opened.push(oldStore.transport, newStore.transport)
    void oldStore.transport.connect()
    vi.advanceTimersByTime(20)
    void newStore.transport.connect()
    vi.advanceTimersByTime(5000)
    expect(sockets.all).toHaveLength(16)
    const queueTimes = startTimes(sockets.for('/ws/queue'))
    expect(queueTimes).toHaveLength(2)
    expect(Math.abs((queueTimes[1] ?? 0) - (queueTimes[0] ?? 0))).toBeGreaterThanOrEqual(100)
    expect(Math.min(...gaps(startTimes(sockets.all)))).toBeGreaterThanOrEqual(100)
  })

  it('respects one maxConnections across the pools (the smallest any of them set)', () => {
    const sockets = fakeSockets()
    const capped = poolOn(sockets, { staggerMs: 10, maxConnections: 3, endpoints: [endpoint('a', 1, 'one'), endpoint('b', 2, 'one')] })
    const open = poolOn(sockets, { staggerMs: 10, endpoints: [endpoint('c', 1, 'two'), endpoint('d', 2, 'two'), endpoint('e', 3, 'two')] })
    void capped.connect()
    void open.connect()
    vi.advanceTimersByTime(1000)
    expect(sockets.live()).toHaveLength(3)
    // A socket that closes (and retries later) frees its slot for the next in line, of either pool.
    sockets.last('one/ws/a').open()
    capped.chaos.blockConnects('a', true)
    sockets.last('two/ws/c').serverClose(1000)
    vi.advanceTimersByTime(50)
    expect(sockets.all).toHaveLength(4)
    expect(sockets.live().length).toBeLessThanOrEqual(3)
  })

  it('disconnecting one pool leaves the other on schedule; after both, no timer is left and a new page starts at once', async () => {
    const sockets = fakeSockets()
    const first = poolOn(sockets, { staggerMs: 100, endpoints: [endpoint('a', 1, 'one'), endpoint('b', 3, 'one')] })
    const second = poolOn(sockets, { staggerMs: 100, endpoints: [endpoint('c', 2, 'two'), endpoint('d', 3, 'two')] })
    void first.connect()
    const secondStarted = second.connect()
    vi.advanceTimersByTime(150) // one/a at 0, two/c at 100
    first.disconnect()
    vi.advanceTimersByTime(1000)
    await secondStarted
    expect(names(sockets.all)).toEqual(['one/ws/a', 'two/ws/c', 'two/ws/d'])
    expect(startTimes(sockets.all)).toEqual([0, 100, 200])
    expect(sockets.for('one/').every((s) => !s.isLive)).toBe(true)
    second.disconnect()
    expect(vi.getTimerCount()).toBe(0)
    const fresh = poolOn(sockets, { staggerMs: 100, endpoints: [endpoint('e', 1, 'three')] })
    void fresh.connect()
    expect(sockets.last('three/ws/e').createdAt).toBe(1150)
  })

  it('sharedSchedule: false keeps a pool on its own schedule', () => {
    const sockets = fakeSockets()
    void poolOn(sockets, { staggerMs: 100, endpoints: [endpoint('a', 1, 'one')] }).connect()
    vi.advanceTimersByTime(20)
    void poolOn(sockets, { staggerMs: 100, sharedSchedule: false, endpoints: [endpoint('b', 1, 'two')] }).connect()
    expect(startTimes(sockets.all)).toEqual([0, 20])
  })

  it('pools on different WebSocket implementations do not wait for each other', () => {
    const one = fakeSockets()
    const two = fakeSockets()
    void poolOn(one, { staggerMs: 100, endpoints: [endpoint('a', 1, 'one')] }).connect()
    vi.advanceTimersByTime(20)
    void poolOn(two, { staggerMs: 100, endpoints: [endpoint('b', 1, 'two')] }).connect()
    expect(startTimes([...one.all, ...two.all])).toEqual([0, 20])
  })
})
