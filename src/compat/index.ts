// The original plan's API, on this library's transport: for apps that were written against it.
export { useWebSocketConnection, type UseWebSocketConnectionOptions, type UseWebSocketConnectionResult } from './useWebSocketConnection'
export { WebSocketConnectionPool, type PoolEndpointConfig, type WebSocketConnectionPoolOptions } from './WebSocketConnectionPool'
export { fromIntervals, type PlanPoolOptions, type PlanWebSocketIntervals } from './fromIntervals'
export { ConnectionError, type ConnectionSnapshot } from './connectionSnapshot'
