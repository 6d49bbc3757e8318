import { afterEach, beforeEach, vi } from 'vitest'
import { createConnectionPool, type ConnectionPool, type EndpointConfig, type PoolOptions, type Transition } from 'zustand-realtime/transport'
import { fakePage, fakeSockets } from '../../helpers/fakeWebSocket'

export const endpoint = (name: string, priority: 1 | 2 | 3 = 2, host = 'h'): EndpointConfig => ({ name, url: `ws://${host}/ws/${name}`, priority })

const pools: ConnectionPool[] = []

/** Fake timers from t=0, and every pool made by `setup` disconnected after each test. */
export function useFakeTransportTimers(): void {
  beforeEach(() => { vi.useFakeTimers({ now: 0 }) })
  afterEach(() => {
    for (const pool of pools.splice(0)) pool.disconnect()
    vi.useRealTimers()
  })
}

export function setup(options: Partial<PoolOptions> = {}) {
  const sockets = fakeSockets()
  const page = fakePage()
  const pool = createConnectionPool({
    WebSocket: sockets.WebSocket,
    lifecycle: page.lifecycle,
    random: () => 0.5,
    endpoints: [endpoint('queue', 1)],
    ...options,
  })
  pools.push(pool)
  const transitions: Transition[] = []
  pool.onTransition((t) => transitions.push(t))
  return { pool, sockets, page, transitions }
}

export const advance = (ms: number) => vi.advanceTimersByTime(ms)
