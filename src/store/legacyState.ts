import type { ConnectionStatus, EndpointHealth, Quality } from '../transport/types'
import type { DashboardData, DashboardSlices, DashboardState, FeedName } from './dashboard'

/** One feed's connection as the old `useGlobalWebSocket()` reported it. */
export interface ConnectionState {
  isConnected: boolean
  connectionQuality: Quality
  lastUpdated: number | null
  reconnectAttempts: number
  circuitState: EndpointHealth['circuitState']
  lastError: EndpointHealth['lastError']
  /** Connected, but the latest frame could not be applied (why, since when, how many in a row). */
  dataError: EndpointHealth['dataError']
  status: ConnectionStatus
  fallback: EndpointHealth['fallback']
  paused: EndpointHealth['paused']
}

/** The old hook's value: `<feed>Data` and `<feed>ConnectionState` per feed (plus the old `adwConnectionState`). */
export interface GlobalWebSocketValue<S extends DashboardSlices = DashboardSlices> {
  queueData: DashboardData<S>['queue']
  queueConnectionState: ConnectionState
  adwMonitorData: DashboardData<S>['adwMonitor']
  adwMonitorConnectionState: ConnectionState
  adwConnectionState: ConnectionState
  workflowsData: DashboardData<S>['workflows']
  workflowsConnectionState: ConnectionState
  routesData: DashboardData<S>['routes']
  routesConnectionState: ConnectionState
  workflowHistoryData: DashboardData<S>['workflowHistory']
  workflowHistoryConnectionState: ConnectionState
  plannedFeaturesData: DashboardData<S>['plannedFeatures']
  plannedFeaturesConnectionState: ConnectionState
  systemStatusData: DashboardData<S>['systemStatus']
  systemStatusConnectionState: ConnectionState
  webhookStatusData: DashboardData<S>['webhookStatus']
  webhookStatusConnectionState: ConnectionState
}

const UNKNOWN: ConnectionState = Object.freeze({
  isConnected: false,
  connectionQuality: 'disconnected',
  lastUpdated: null,
  reconnectAttempts: 0,
  circuitState: 'closed',
  lastError: null,
  dataError: null,
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
  a.dataError === b.dataError &&
  a.status === b.status &&
  a.fallback === b.fallback &&
  a.paused === b.paused

export const toConnectionState = (health: EndpointHealth | undefined): ConnectionState => {
  if (health === undefined) return UNKNOWN
  const { isConnected, connectionQuality, lastUpdated, reconnectAttempts, circuitState, lastError, dataError, status, fallback, paused } = health
  return { isConnected, connectionQuality, lastUpdated, reconnectAttempts, circuitState, lastError, dataError, status, fallback, paused }
}

/**
 * A selector of the old hook's value that remembers what it returned: a feed's
 * ConnectionState keeps its identity while its fields are unchanged (a new health object
 * that only moved latencyMs or nextRetryAt gives the same ConnectionState), so with
 * `useShallow` the old hook re-renders only when something it returns changed.
 */
export const createGlobalWebSocketSelector = <S extends DashboardSlices = DashboardSlices>(): ((state: DashboardState<S>) => GlobalWebSocketValue<S>) => {
  const remembered = new Map<FeedName, ConnectionState>()
  const connection = (state: DashboardState<S>, name: FeedName): ConnectionState => {
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
