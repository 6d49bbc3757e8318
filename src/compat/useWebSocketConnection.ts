import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { retainConnection } from '../store/connectionRefs'
import { createConnectionPool } from '../transport/pool'
import type { CircuitBreakerConfig, ConnectionPool, Message, PoolOptions, Priority, ReconnectConfig } from '../transport/types'
import { snapshotter, type ConnectionSnapshot } from './connectionSnapshot'

export interface UseWebSocketConnectionOptions<T extends Message = Message> {
  url: string
  /** Every parsed frame (JSON with a `type`); pings and pongs never reach it. The latest function is always used. */
  onMessage?: (message: T) => void
  /** `false` keeps the socket closed (default true). */
  enabled?: boolean
  /** ms between pings (default 30000); `0` turns the heartbeat off. */
  heartbeatInterval?: number
  reconnectConfig?: Partial<Pick<ReconnectConfig, 'maxAttempts' | 'baseDelay' | 'maxDelay' | 'jitterMax'>>
  circuitBreakerConfig?: Partial<CircuitBreakerConfig>
  /** The endpoint's name in health and the dev panel (default: the last segment of the URL's path). */
  name?: string
  priority?: Priority
  /** Anything else the transport takes (`WebSocket` in Node, `clock`, `poll`, …). Read when the connection is made. */
  transportOptions?: Omit<PoolOptions, 'endpoints'>
}

export type UseWebSocketConnectionResult = ConnectionSnapshot

interface HookConnection {
  readonly pool: ConnectionPool
  readonly name: string
  subscribe(onChange: () => void): () => void
  read(): ConnectionSnapshot
}

const nameOf = (url: string): string => {
  try {
    return new URL(url).pathname.split('/').filter(Boolean).pop() ?? 'socket'
  } catch {
    return 'socket'
  }
}

function createHookConnection<T extends Message>(options: UseWebSocketConnectionOptions<T>): HookConnection {
  const name = options.name ?? nameOf(options.url)
  const { heartbeatInterval } = options
  const pool = createConnectionPool({
    ...options.transportOptions,
    ...(options.reconnectConfig === undefined ? {} : { reconnect: { ...options.transportOptions?.reconnect, ...options.reconnectConfig } }),
    ...(options.circuitBreakerConfig === undefined ? {} : { circuitBreaker: { ...options.transportOptions?.circuitBreaker, ...options.circuitBreakerConfig } }),
    endpoints: [{
      name,
      url: options.url,
      priority: options.priority ?? 1,
      ...(heartbeatInterval === undefined ? {} : { heartbeat: heartbeatInterval === 0 ? false : { interval: heartbeatInterval } }),
    }],
  })
  const toSnapshot = snapshotter()
  return {
    pool,
    name,
    subscribe: (onChange) => pool.onHealth(onChange),
    read: () => toSnapshot(pool.health(name)),
  }
}

/**
 * The original plan's hook: one socket to `url`, with backoff, circuit breaker and heartbeat, and
 * its state for rendering. StrictMode's double mount keeps the same socket; unmounting closes it.
 * A new `url` (or config) makes a new connection; `transportOptions` is read only then.
 */
export function useWebSocketConnection<T extends Message = Message>(options: UseWebSocketConnectionOptions<T>): UseWebSocketConnectionResult {
  const { url, name, priority, heartbeatInterval, reconnectConfig, circuitBreakerConfig, enabled = true } = options
  const key = JSON.stringify([url, name, priority, heartbeatInterval, reconnectConfig, circuitBreakerConfig])
  // A pool is inert until connect(): one React makes and drops during a StrictMode render costs nothing.
  const connection = useMemo(() => createHookConnection(options), [key])
  const onMessage = useRef(options.onMessage)
  useEffect(() => { onMessage.current = options.onMessage })
  useEffect(
    // The frames of the socket are the app's to type, as with JSON.parse.
    () => connection.pool.subscribe(connection.name, (message) => onMessage.current?.(message as T)),
    [connection],
  )
  useEffect(() => (enabled ? retainConnection(connection.pool) : undefined), [connection, enabled])
  return useSyncExternalStore(connection.subscribe, connection.read, connection.read)
}
