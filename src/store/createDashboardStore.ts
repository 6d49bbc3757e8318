import { create } from 'zustand'
import { devtools, type DevtoolsOptions } from 'zustand/middleware'
import { createInitialDashboardState, dashboardEndpoints, type DashboardEndpointOptions, type DashboardState, type FeedOverrides, type SlicesOf } from './dashboard'
import { transport } from './transport'
import type { StoreEndpointConfig, TransportOptions } from './types'

export interface DashboardStoreOptions<F extends FeedOverrides = FeedOverrides>
  extends Omit<TransportOptions<DashboardState>, 'endpoints'>, Omit<DashboardEndpointOptions, 'feeds'> {
  /**
   * Per-feed overrides (`{ queue: { url: '/ws/queue', schema: QueueSchema, select: (data) => data.items } }`):
   * each feed's `data` is stored as the server sent it unless its override says otherwise.
   */
  feeds?: F
  /** zustand devtools options (action names `transport/<name>/<status>`, `transport/messages`). */
  devtools?: DevtoolsOptions
}

const FALLBACK_WS_BASE = 'ws://localhost:8002'

/** `VITE_WS_BASE` when the app was built with it, else `ws://localhost:8002`. */
export const defaultWsBase = (): string => {
  const fromEnv: unknown = import.meta.env?.VITE_WS_BASE
  return typeof fromEnv === 'string' && fromEnv !== '' ? fromEnv : FALLBACK_WS_BASE
}

/**
 * The dashboard store: the 8 feeds of `baseUrl` (several bases: failover between instances), devtools
 * action names, tabs sharing one connection set. No immer: the feed reducers assign whole slices, so
 * the package works without `immer` installed. Slices are `unknown` (the payload as sent) unless
 * `feeds` gives a feed a schema, `select` or `reduce`.
 */
export const createDashboardStore = <const F extends FeedOverrides = Record<never, never>>(
  baseUrl: string | readonly string[] = defaultWsBase(),
  { token, pollIntervalMs, checkSeq, feeds, devtools: devtoolsOptions, ...options }: DashboardStoreOptions<F> = {},
) => {
  // The reducers write `unknown` slices; a store whose slices are narrower accepts them (see `feedReducer`).
  const endpoints: StoreEndpointConfig<DashboardState<SlicesOf<F>>>[] = dashboardEndpoints(baseUrl, {
    token, pollIntervalMs, checkSeq,
    ...(options.random ? { random: options.random } : {}),
    ...(feeds === undefined ? {} : { feeds }),
  })
  return create<DashboardState<SlicesOf<F>>>()(
    devtools(
      // `??`, not a spread default: an explicit `shareAcrossTabs: undefined` still means the default.
      transport(createInitialDashboardState, { ...options, shareAcrossTabs: options.shareAcrossTabs ?? true, endpoints }),
      { name: 'zustand-realtime', ...devtoolsOptions },
    ),
  )
}

/** A dashboard store built with the overrides `F` (its slices are `unknown` without them). */
export type DashboardStore<F extends FeedOverrides = Record<never, never>> = ReturnType<typeof createDashboardStore<F>>
