/**
 * The clients under comparison, each with its own defaults, all opening sockets through the
 * `WebSocket` class they are given (so the benchmark can count every connection attempt).
 */
import PartySocket from 'partysocket/ws'
import ReconnectingWebSocket from 'reconnecting-websocket'
import type { WebSocket } from 'ws'
import { createConnectionPool } from '../../src/transport'
import type { CircuitBreakerConfig, HeartbeatConfig, Priority, ReconnectConfig } from '../../src/transport'

export type PeerKind = 'ours' | 'partysocket' | 'reconnecting-websocket' | 'naive'

/** One client under test: which library, and (ours only) options that differ from the defaults. */
export interface ClientSpec {
  label: string
  kind: PeerKind
  pool?: {
    reconnect?: Partial<ReconnectConfig>
    circuitBreaker?: Partial<CircuitBreakerConfig>
    heartbeat?: Partial<HeartbeatConfig>
    sharedRecovery?: boolean
    staggerMs?: number
  }
  /** Ours only: every endpoint gets its polling fallback URL (as `dashboardEndpoints` configures it). */
  poll?: boolean
}

export const PEERS: readonly ClientSpec[] = [
  { label: 'ours', kind: 'ours' },
  { label: 'partysocket', kind: 'partysocket' },
  { label: 'reconnecting-websocket', kind: 'reconnecting-websocket' },
  { label: 'naive', kind: 'naive' },
]

export interface BenchEndpoint {
  name: string
  url: string
  priority: Priority
  /** The endpoint's polling URL (used by ours when `spec.poll`). */
  pollUrl?: string
}

/** `fetch` as the pool calls it; the benchmark passes a counting one. */
export type BenchFetch = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>

export type SocketClass = new (url: string, protocols?: string | string[]) => WebSocket

/** What a benchmark can do with any client: observe opens and closes, and shut it down. */
export interface BenchClient {
  close(): void
}

export interface ClientEvents {
  /** A socket of endpoint `index` opened. */
  opened?(index: number): void
  /** The client noticed its socket of endpoint `index` is gone. */
  lost?(index: number): void
}

/** The naive client many apps hand-write: reconnect after 1000·2ⁿ ms (n = failures in a row), no jitter, capped at 30 s. */
function naiveSocket(url: string, WebSocketClass: SocketClass, index: number, events: ClientEvents): BenchClient {
  let failures = 0
  let closed = false
  let socket: WebSocket | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const open = (): void => {
    timer = null
    if (closed) return
    const ws = new WebSocketClass(url)
    socket = ws
    ws.onopen = () => {
      failures = 0
      events.opened?.(index)
    }
    ws.onerror = () => {}
    ws.onmessage = () => {}
    ws.onclose = () => {
      if (closed) return
      events.lost?.(index)
      const delay = Math.min(1000 * 2 ** failures, 30_000)
      failures++
      timer = setTimeout(open, delay)
    }
  }
  open()
  return {
    close() {
      closed = true
      if (timer !== null) clearTimeout(timer)
      socket?.close()
    },
  }
}

/** Creates one client of `spec.kind` holding one socket per endpoint (ours: one pool for all of them). */
export function createBenchClient(spec: ClientSpec, endpoints: readonly BenchEndpoint[], WebSocketClass: SocketClass, events: ClientEvents = {}, fetch?: BenchFetch): BenchClient {
  switch (spec.kind) {
    case 'ours': {
      const pool = createConnectionPool({
        endpoints: endpoints.map(({ name, url, priority, pollUrl }) => ({ name, url, priority, ...(spec.poll && pollUrl !== undefined ? { poll: { url: pollUrl } } : {}) })),
        WebSocket: WebSocketClass,
        lifecycle: null,
        sharedSchedule: false, // each simulated client is a page of its own, not one page with N pools
        ...(fetch === undefined ? {} : { fetch }),
        ...spec.pool,
      })
      const wasConnected = new Map<string, boolean>()
      pool.onHealth((name, health) => {
        const index = endpoints.findIndex((endpoint) => endpoint.name === name)
        const connected = health.status === 'connected'
        if (connected !== (wasConnected.get(name) ?? false)) {
          if (connected) events.opened?.(index)
          else events.lost?.(index)
        }
        wasConnected.set(name, connected)
      })
      void pool.connect()
      return { close: () => pool.disconnect() }
    }
    case 'partysocket':
    case 'reconnecting-websocket': {
      // reconnecting-websocket draws minReconnectionDelay = 1000 + U(0, 4000) once per module load,
      // i.e. once per browser page: each simulated client (page) gets its own draw, as a fresh load would.
      const pageDraw = 1000 + Math.random() * 4000
      const sockets = endpoints.map(({ url }, index) => {
        const socket = spec.kind === 'partysocket'
          ? new PartySocket(url, undefined, { WebSocket: WebSocketClass })
          : new ReconnectingWebSocket(url, [], { WebSocket: WebSocketClass, minReconnectionDelay: pageDraw })
        socket.addEventListener('open', () => events.opened?.(index))
        socket.addEventListener('close', () => events.lost?.(index))
        socket.addEventListener('error', () => {})
        return socket
      })
      return { close: () => { for (const socket of sockets) socket.close() } }
    }
    case 'naive': {
      const sockets = endpoints.map(({ url }, index) => naiveSocket(url, WebSocketClass, index, events))
      return { close: () => { for (const socket of sockets) socket.close() } }
    }
  }
}
