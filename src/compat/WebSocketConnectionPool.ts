import { createConnectionPool } from '../transport/pool'
import type { ConnectionPool, EndpointConfig, Message, PoolOptions, Priority } from '../transport/types'
import { snapshotter, type ConnectionSnapshot } from './connectionSnapshot'

/** One endpoint as the original plan configured it. */
export interface PoolEndpointConfig {
  name: string
  url: string | (() => string)
  priority: Priority
  /** ms between pings; `0` turns the heartbeat off for this endpoint. */
  heartbeatInterval?: number
  poll?: EndpointConfig['poll']
}

/** Everything `createConnectionPool` takes besides the endpoints (e.g. `fromIntervals(intervals.websocket)`). */
export type WebSocketConnectionPoolOptions = Omit<PoolOptions, 'endpoints'>

const toEndpoint = ({ name, url, priority, heartbeatInterval, poll }: PoolEndpointConfig): EndpointConfig => ({
  name,
  url,
  priority,
  ...(heartbeatInterval === undefined ? {} : { heartbeat: heartbeatInterval === 0 ? false : { interval: heartbeatInterval } }),
  ...(poll === undefined ? {} : { poll }),
})

/**
 * The original plan's pool class, on this library's transport: staggered by priority, one circuit
 * breaker per endpoint, backoff with jitter, heartbeat, and the page-wide schedule shared with every
 * other pool and store. `transport` is the underlying `ConnectionPool` (for the dev panel and chaos).
 */
export class WebSocketConnectionPool {
  readonly transport: ConnectionPool
  private readonly snapshots = new Map<string, (health: ReturnType<ConnectionPool['health']>) => ConnectionSnapshot>()

  constructor(configs: readonly PoolEndpointConfig[], options: WebSocketConnectionPoolOptions = {}) {
    this.transport = createConnectionPool({ ...options, endpoints: configs.map(toEndpoint) })
    for (const name of this.transport.endpoints) this.snapshots.set(name, snapshotter())
  }

  /** Opens every endpoint, staggered; resolves once each has started (or waits for a slot). */
  connect(): Promise<void> {
    return this.transport.connect()
  }

  /** Closes every socket and clears every timer. */
  disconnect(): Promise<void> {
    this.transport.disconnect()
    return Promise.resolve()
  }

  /** `callback` gets every message of `endpoint` (parsed JSON with a `type`); returns the unsubscribe. */
  subscribe(endpoint: string, callback: (message: Message) => void): () => void {
    return this.transport.subscribe(endpoint, callback)
  }

  send(endpoint: string, message: unknown): boolean {
    return this.transport.send(endpoint, message)
  }

  getState(endpoint: string): ConnectionSnapshot {
    const health = this.transport.health(endpoint)
    const toSnapshot = this.snapshots.get(endpoint)
    if (toSnapshot === undefined) throw new Error(`zustand-realtime: unknown endpoint "${endpoint}"`)
    return toSnapshot(health)
  }

  getAllStates(): Map<string, ConnectionSnapshot> {
    return new Map(this.transport.endpoints.map((name) => [name, this.getState(name)]))
  }
}
