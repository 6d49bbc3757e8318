import type { CircuitState, ConnectionStatus, EndpointHealth, Quality, TransportError } from '../transport/types'

/** One connection's state in the original plan's shape: `Error` and `Date` objects instead of records and numbers. */
export interface ConnectionSnapshot {
  status: ConnectionStatus
  circuitState: CircuitState
  reconnectAttempts: number
  lastError: Error | null
  lastMessageTime: Date | null
  isConnected: boolean
  connectionQuality: Quality
  latencyMs: number | null
  fallback: EndpointHealth['fallback']
}

/** An `Error` for the transport's error record; `code` (a close code) rides along when there is one. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError'
  readonly code: number | undefined
  readonly at: number

  constructor(error: TransportError) {
    super(error.message)
    this.code = error.code
    this.at = error.at
  }
}

/**
 * Turns health into snapshots, reusing the previous snapshot (and its Error/Date objects) when
 * nothing the snapshot shows changed, so React's `useSyncExternalStore` sees a stable value.
 */
export function snapshotter(): (health: EndpointHealth) => ConnectionSnapshot {
  let previous: { health: EndpointHealth; snapshot: ConnectionSnapshot } | null = null
  return (health) => {
    const last = previous
    if (last !== null && sameView(last.health, health)) return last.snapshot
    const snapshot: ConnectionSnapshot = {
      status: health.status,
      circuitState: health.circuitState,
      reconnectAttempts: health.reconnectAttempts,
      lastError: health.lastError === null ? null
        : last !== null && sameError(last.health.lastError, health.lastError) ? last.snapshot.lastError
        : new ConnectionError(health.lastError),
      lastMessageTime: health.lastMessageTime === null ? null
        : last?.health.lastMessageTime === health.lastMessageTime ? last.snapshot.lastMessageTime
        : new Date(health.lastMessageTime),
      isConnected: health.isConnected,
      connectionQuality: health.connectionQuality,
      latencyMs: health.latencyMs,
      fallback: health.fallback,
    }
    previous = { health, snapshot }
    return snapshot
  }
}

const sameError = (a: TransportError | null, b: TransportError | null): boolean =>
  a === b || (a !== null && b !== null && a.message === b.message && a.code === b.code && a.at === b.at)

const sameView = (a: EndpointHealth, b: EndpointHealth): boolean =>
  a.status === b.status && a.circuitState === b.circuitState && a.reconnectAttempts === b.reconnectAttempts &&
  sameError(a.lastError, b.lastError) && a.lastMessageTime === b.lastMessageTime && a.isConnected === b.isConnected &&
  a.connectionQuality === b.connectionQuality && a.latencyMs === b.latencyMs && a.fallback === b.fallback
