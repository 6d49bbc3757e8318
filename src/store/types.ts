import type { TabSharingConfig } from '../transport/tabs/types'
import type { ConnectionPool, EndpointConfig, EndpointHealth, Message, PoolOptions } from '../transport/types'

/** An endpoint plus how its messages change the store: `reduce` mutates an immer draft (or a copy). */
export interface StoreEndpointConfig<S> extends EndpointConfig {
  name: S extends ConnectionsSlice ? EndpointNameOf<S> : string
  reduce: (draft: S, message: Message) => void
}

export type BatchMode = 'frame' | 'microtask' | 'none'

export interface TransportOptions<S> extends Omit<PoolOptions, 'endpoints'> {
  endpoints: StoreEndpointConfig<S>[]
  /**
   * How inbound messages are coalesced into store notifications: 'frame' (default in browsers; at most
   * one `set` per animation frame, or per 250 ms in a background tab), 'microtask' (default elsewhere),
   * 'none' (one `set` per message). Health transitions are always written at once, after what is pending.
   */
  batch?: BatchMode
  /**
   * One connection set for every tab of this browser with the same endpoints (default off here; on in
   * `createDashboardStore`, `GlobalWebSocketProvider` and the demo): a leader tab, elected with Web
   * Locks, runs the sockets and relays over BroadcastChannel; each tab applies the messages with its
   * own reducers. Falls back to one pool per tab where Web Locks or BroadcastChannel are missing.
   */
  shareAcrossTabs?: boolean | TabSharingConfig
}

/**
 * The slice the middleware keeps current: one `EndpointHealth` per endpoint name. Give the names
 * (`ConnectionsSlice<'queue' | 'routes'>`) and a typo in `s.connections.qeue` or in an endpoint's
 * `name` is a compile error.
 */
export interface ConnectionsSlice<Name extends string = string> {
  connections: Record<Name, EndpointHealth>
}

/** The endpoint names a state declares in its `connections` slice (`string` when it does not). */
export type EndpointNameOf<S extends ConnectionsSlice> = Extract<keyof S['connections'], string>

/** What React bindings need from a store built with `transport`: read, subscribe, and the pool. */
export interface RealtimeStore<S extends ConnectionsSlice = ConnectionsSlice> {
  getState: () => S
  getInitialState: () => S
  subscribe: (listener: (state: S, previousState: S) => void) => () => void
  transport: ConnectionPool
}
