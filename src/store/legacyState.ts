import type { ConnectionStatus, EndpointHealth, Quality } from '../transport/types'
import type { DashboardData, DashboardState, FeedName } from './dashboard'

/** One feed's connection as the old `useGlobalWebSocket()` reported it. */
export interface ConnectionState {
  isConnected: boolean
  connectionQuality: Quality
  lastUpdated: number | null
  reconnectAttempts: number
  circuitState: EndpointHealth['circuitState']
  lastError: EndpointHealth['lastError']
  status: ConnectionStatus
  fallback: EndpointHealth['fallback']
  paused: EndpointHealth['paused']
}

/** The old hook's value: `<feed>Data` and `<feed>ConnectionState` per feed (plus the old `adwConnectionState`). */
export interface GlobalWebSocketValue {
  queueData: DashboardData['queue']
  queueConnectionState: ConnectionState
  adwMonitorData: DashboardData['adwMonitor']
  adwMonitorConnectionState: ConnectionState
  adwConnectionState: ConnectionState
  workflowsData: DashboardData['workflows']
  workflowsConnectionState: ConnectionState
  routesData: DashboardData['routes']
  routesConnectionState: ConnectionState
  workflowHistoryData: DashboardData['workflowHistory']
  workflowHistoryConnectionState: ConnectionState
  plannedFeaturesData: DashboardData['plannedFeatures']
  plannedFeaturesConnectionState: ConnectionState
  systemStatusData: DashboardData['systemStatus']
  systemStatusConnectionState: ConnectionState
  webhookStatusData: DashboardData['webhookStatus']
  webhookStatusConnectionState: ConnectionState
}

const UNKNOWN: ConnectionState = Object.freeze({
  isConnected: false,
  connectionQuality: 'disconnected',
  lastUpdated: null,
  reconnectAttempts: 0,
  circuitState: 'closed',
  lastError: null,
  status: 'disconnected',
  fallback: 'none',
  paused: false,
})

const sameConnectionState = (a: ConnectionState, b: ConnectionState): boolean =>
  a.isConnected === b.isConnected &&
  a.connectionQuality === b.connectionQuality &&
  a.lastUpdated === b.lastUpdated &&
  a.reconnectAttempts === b.reconnectAttempts &&
  a.circuitState === b.circuitState &&
  a.lastError === b.lastError &&
  a.status === b.status &&
  a.fallback === b.fallback &&
  a.paused === b.paused

export const toConnectionState = (health: EndpointHealth | undefined): ConnectionState => {
  if (health === undefined) return UNKNOWN
  const { isConnected, connectionQuality, lastUpdated, reconnectAttempts, circuitState, lastError, status, fallback, paused } = health
  return { isConnected, connectionQuality, lastUpdated, reconnectAttempts, circuitState, lastError, status, fallback, paused }
}

/**
 * A selector of the old hook's value that remembers what it returned: a feed's
 * ConnectionState keeps its identity while its fields are unchanged (a new health object
 * that only moved latencyMs or nextRetryAt gives the same ConnectionState), so with
 * `useShallow` the old hook re-renders only when something it returns changed.
 */
export const createGlobalWebSocketSelector = (): ((state: DashboardState) => GlobalWebSocketValue) => {
  const remembered = new Map<FeedName, ConnectionState>()
  const connection = (state: DashboardState, name: FeedName): ConnectionState => {
    const next = toConnectionState(state.connections[name])
    const previous = remembered.get(name)
    if (previous !== undefined && sameConnectionState(previous, next)) return previous
    remembered.set(name, next)
    return next
  }
  return (state) => {
    const adw = connection(state, 'adw-monitor')
    return {
      queueData: state.queue,
      queueConnectionState: connection(state, 'queue'),
      adwMonitorData: state.adwMonitor,
      adwMonitorConnectionState: adw,
      adwConnectionState: adw,
      workflowsData: state.workflows,
      workflowsConnectionState: connection(state, 'workflows'),
      routesData: state.routes,
      routesConnectionState: connection(state, 'routes'),
      workflowHistoryData: state.workflowHistory,
      workflowHistoryConnectionState: connection(state, 'workflow-history'),
      plannedFeaturesData: state.plannedFeatures,
      plannedFeaturesConnectionState: connection(state, 'planned-features'),
      systemStatusData: state.systemStatus,
      systemStatusConnectionState: connection(state, 'system-status'),
      webhookStatusData: state.webhookStatus,
      webhookStatusConnectionState: connection(state, 'webhook-status'),
    }
  }
}
