import { WebSocket } from 'ws'
import { createConnectionPool } from 'zustand-realtime/transport'
import type { Clock, ConnectionPool, EndpointConfig, EndpointHealth, PoolOptions, Transition } from 'zustand-realtime/transport'
import { type RunningServer, startServer } from '../../server/createServer'
import type { ServerOptions } from '../../server/options'
import { DASHBOARD_FEEDS, wsPath } from '../../src/store/dashboard/feeds'

/**
 * Helpers for the transport integration tests against the real reference server (Node `ws`):
 * condition polling with real timers, pools and servers that are always cleaned up, timelines.
 */

export interface WaitOptions {
  timeoutMs: number
  /** Poll period; ~10 ms keeps measurements fine-grained without busy-looping. */
  intervalMs?: number
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `probe` until it returns something other than false/null/undefined; returns that value.
 * Uses one short timer per poll (no long-lived deadline timer), so resource counts taken between
 * polls see no timer of ours.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | false | null | undefined,
  { timeoutMs, intervalMs = 10 }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== false && value !== null && value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`)
    await pause(intervalMs)
  }
}

/** Checks `condition` every ~10 ms for `durationMs`; throws at the first time it does not hold. */
export async function holdsFor(what: string, condition: () => boolean, durationMs: number): Promise<void> {
  const end = Date.now() + durationMs
  for (;;) {
    if (!condition()) throw new Error(`stopped holding after ${durationMs - (end - Date.now())} ms: ${what}`)
    if (Date.now() >= end) return
    await pause(10)
  }
}

/** The 8 dashboard feeds as pool endpoints of `wsBase`, with their SPEC priorities. */
export const dashboardEndpoints = (wsBase: string): EndpointConfig[] =>
  DASHBOARD_FEEDS.map((feed) => ({ name: feed.name, url: wsBase + wsPath(feed.name), priority: feed.priority }))

/** Every transition the pool reports, in order. */
export function recordTransitions(pool: ConnectionPool): Transition[] {
  const log: Transition[] = []
  pool.onTransition((transition) => log.push(transition))
  return log
}

/** Message types each endpoint's subscribers received, in order. */
export function recordMessageTypes(pool: ConnectionPool): Map<string, { type: string; seq: unknown; at: number }[]> {
  const received = new Map<string, { type: string; seq: unknown; at: number }[]>()
  for (const name of pool.endpoints) {
    const list: { type: string; seq: unknown; at: number }[] = []
    received.set(name, list)
    pool.subscribe(name, (message) => list.push({ type: message.type, seq: message.seq, at: Date.now() }))
  }
  return received
}

export const allConnected = (pool: ConnectionPool, names: readonly string[] = pool.endpoints): boolean =>
  names.every((name) => pool.health(name).status === 'connected')

export const statusLine = (pool: ConnectionPool): string =>
  Object.entries(pool.healthAll())
    .map(([name, health]: [string, EndpointHealth]) => `${name}=${health.status}`)
    .join(' ')

/** Active handles of one kind in this process ('Timeout', 'TCPSocketWrap', …). */
export const activeResources = (kind: string): number =>
  process.getActiveResourcesInfo().filter((resource) => resource === kind).length

/**
 * Baseline for a resource count: the minimum seen over `settleMs`, since the test runner itself
 * keeps short-lived timers of its own that come and go.
 */
export async function settledResourceCount(kind: string, settleMs = 300): Promise<number> {
  let lowest = activeResources(kind)
  const end = Date.now() + settleMs
  while (Date.now() < end) {
    await pause(10)
    lowest = Math.min(lowest, activeResources(kind))
  }
  return lowest
}

/** The system clock, counting the timers set through it that have neither fired nor been cleared. */
export function countingClock(): Clock & { pending(): number } {
  const live = new Set<ReturnType<typeof setTimeout>>()
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const id = setTimeout(() => {
        live.delete(id)
        fn()
      }, ms)
      live.add(id)
      return id
    },
    clearTimeout(id) {
      for (const timer of live) {
        if (timer === id) {
          live.delete(timer)
          clearTimeout(timer)
        }
      }
    },
    pending: () => live.size,
  }
}

/** A `ws` WebSocket that records the URL and time of every socket the pool constructs. */
export function recordingWebSocket(): { WebSocket: new (url: string) => WebSocket; created: { url: string; at: number }[] } {
  const created: { url: string; at: number }[] = []
  class RecordingWebSocket extends WebSocket {
    constructor(url: string) {
      created.push({ url, at: Date.now() })
      super(url)
    }
  }
  return { WebSocket: RecordingWebSocket, created }
}

/**
 * One throwaway handshake (client and server side), so the first measured socket of a test file
 * does not pay for cold code paths (tens of ms on this machine).
 */
export async function warmUp(): Promise<void> {
  const server = await startServer({ port: 0, updateIntervalMs: 0, token: null })
  const socket = new WebSocket(server.wsBase + wsPath('queue'))
  socket.on('error', () => {})
  await new Promise<void>((resolve) => socket.once('message', () => resolve()))
  await server.close()
}

/** Starts servers and pools for one test and tears every one of them down in `cleanup()` (afterEach). */
export function createTransportHarness() {
  const pools: ConnectionPool[] = []
  const servers: RunningServer[] = []
  return {
    /** A reference server on a free port (or `options.port`); no generator updates unless asked. */
    async server(options: ServerOptions = {}): Promise<RunningServer> {
      const server = await startServer({ port: 0, updateIntervalMs: 0, token: null, ...options })
      servers.push(server)
      return server
    },
    /** A pool for Node: `ws` sockets, no page lifecycle. */
    pool(options: PoolOptions): ConnectionPool {
      const pool = createConnectionPool({ WebSocket, lifecycle: null, ...options })
      pools.push(pool)
      return pool
    },
    async cleanup(): Promise<void> {
      for (const pool of pools.splice(0)) pool.disconnect()
      await Promise.all(servers.splice(0).map((server) => server.close()))
    },
  }
}

/** For afterAll: every socket and listening server of the file is gone (none of ours stays open). */
export async function expectNoOpenSockets(): Promise<void> {
  await waitFor(
    `no TCP socket or server left (${process.getActiveResourcesInfo().join(', ')})`,
    () => activeResources('TCPSocketWrap') === 0 && activeResources('TCPServerWrap') === 0,
    { timeoutMs: 5000 },
  )
}

export type TransportHarness = ReturnType<typeof createTransportHarness>
