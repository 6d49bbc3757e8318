import type { CircuitBreakerConfig, HeartbeatConfig, PoolOptions, Priority, QualityThresholds, ReconnectConfig } from '../transport/types'

/** The original plan's `intervals.websocket` block. Every field is optional; what is missing keeps our default. */
export interface PlanWebSocketIntervals {
  /** ms between two socket starts. */
  staggerDelay?: number
  maxReconnectAttempts?: number
  reconnect?: Partial<Pick<ReconnectConfig, 'baseDelay' | 'maxDelay' | 'multiplier' | 'jitterMax' | 'maxAttempts'>>
  circuitBreaker?: Partial<CircuitBreakerConfig>
  heartbeat?: Partial<HeartbeatConfig>
  quality?: Partial<QualityThresholds>
  /** Endpoint name → priority (1 first). */
  websocketPriorities?: Readonly<Record<string, number>>
}

/** What `fromIntervals` gives: spread it into `createConnectionPool`, `transport`, `createDashboardStore` or the pool class. */
export type PlanPoolOptions = Pick<PoolOptions, 'staggerMs' | 'reconnect' | 'circuitBreaker' | 'heartbeat' | 'quality'>

const isPriority = (value: unknown): value is Priority => value === 1 || value === 2 || value === 3

const prioritiesOf = (websocket: PlanWebSocketIntervals): Map<string, Priority> => {
  const priorities = new Map<string, Priority>()
  for (const [name, priority] of Object.entries(websocket.websocketPriorities ?? {})) {
    if (!isPriority(priority)) {
      throw new Error(`zustand-realtime: intervals.websocket.websocketPriorities.${name} must be 1, 2 or 3, got ${JSON.stringify(priority)}`)
    }
    priorities.set(name, priority)
  }
  return priorities
}

/**
 * Turns the plan's `intervals.websocket` into pool options. With `endpoints`, also gives each one
 * its priority from `websocketPriorities` (an endpoint's own `priority` wins; unknown names keep theirs).
 */
export function fromIntervals(websocket: PlanWebSocketIntervals): PlanPoolOptions
export function fromIntervals<E extends { name: string; priority?: Priority }>(
  websocket: PlanWebSocketIntervals,
  endpoints: readonly E[],
): PlanPoolOptions & { endpoints: E[] }
export function fromIntervals<E extends { name: string; priority?: Priority }>(
  websocket: PlanWebSocketIntervals,
  endpoints?: readonly E[],
): PlanPoolOptions & { endpoints?: E[] } {
  if (typeof websocket !== 'object' || websocket === null) throw new Error('zustand-realtime: fromIntervals needs the plan\'s intervals.websocket object')
  const { staggerDelay, maxReconnectAttempts, reconnect, circuitBreaker, heartbeat, quality } = websocket
  const priorities = prioritiesOf(websocket)
  const reconnectOptions = { ...reconnect, ...(maxReconnectAttempts === undefined ? {} : { maxAttempts: maxReconnectAttempts }) }
  const options: PlanPoolOptions = {
    ...(staggerDelay === undefined ? {} : { staggerMs: staggerDelay }),
    ...(Object.keys(reconnectOptions).length === 0 ? {} : { reconnect: reconnectOptions }),
    ...(circuitBreaker === undefined ? {} : { circuitBreaker: { ...circuitBreaker } }),
    ...(heartbeat === undefined ? {} : { heartbeat: { ...heartbeat } }),
    ...(quality === undefined ? {} : { quality: { ...quality } }),
  }
  if (endpoints === undefined) return options
  return {
    ...options,
    endpoints: endpoints.map((endpoint) => {
      const priority = endpoint.priority ?? priorities.get(endpoint.name)
      return priority === undefined ? endpoint : { ...endpoint, priority }
    }),
  }
}
