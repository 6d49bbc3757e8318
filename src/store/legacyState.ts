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

/** One ConnectionState per health object, so an unchanged health keeps an identical ConnectionState. */
const derived = new WeakMap<EndpointHealth, ConnectionState>()

export const toConnectionState = (health: EndpointHealth | undefined): ConnectionState => {
  if (health === undefined) return UNKNOWN
  let state = derived.get(health)
  if (state === undefined) {
    const { isConnected, connectionQuality, lastUpdated, reconnectAttempts, circuitState, lastError, status, fallback, paused } = health
    state = { isConnected, connectionQuality, lastUpdated, reconnectAttempts, circuitState, lastError, status, fallback, paused }
    derived.set(health, state)
  }
  return state
}

export const selectGlobalWebSocket = (state: DashboardState): GlobalWebSocketValue => {
  const connection = (name: FeedName): ConnectionState => toConnectionState(state.connections[name])
  const adw = connection('adw-monitor')
  return {
    queueData: state.queue,
    queueConnectionState: connection('queue'),
    adwMonitorData: state.adwMonitor,
    adwMonitorConnectionState: adw,
    adwConnectionState: adw,
    workflowsData: state.workflows,
    workflowsConnectionState: connection('workflows'),
    routesData: state.routes,
    routesConnectionState: connection('routes'),
    workflowHistoryData: state.workflowHistory,
    workflowHistoryConnectionState: connection('workflow-history'),
    plannedFeaturesData: state.plannedFeatures,
    plannedFeaturesConnectionState: connection('planned-features'),
    systemStatusData: state.systemStatus,
    systemStatusConnectionState: connection('system-status'),
    webhookStatusData: state.webhookStatus,
    webhookStatusConnectionState: connection('webhook-status'),
  }
}
