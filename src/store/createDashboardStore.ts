import { create } from 'zustand'
import { devtools, type DevtoolsOptions } from 'zustand/middleware'
import { dashboardEndpoints, initialDashboardState, type DashboardEndpointOptions, type DashboardState } from './dashboard'
import { transport } from './transport'
import type { TransportOptions } from './types'

export interface DashboardStoreOptions extends Omit<TransportOptions<DashboardState>, 'endpoints'>, DashboardEndpointOptions {
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
 * The dashboard store: the 8 feeds of `baseUrl`, devtools action names. No immer: the feed reducers
 * assign whole slices, so the package works without `immer` installed.
 */
export const createDashboardStore = (
  baseUrl: string | readonly string[] = defaultWsBase(),
  { token, pollIntervalMs, checkSeq, devtools: devtoolsOptions, ...options }: DashboardStoreOptions = {},
) =>
  create<DashboardState>()(
    devtools(
      transport(() => initialDashboardState, {
        shareAcrossTabs: true,
        ...options,
        endpoints: dashboardEndpoints(baseUrl, { token, pollIntervalMs, checkSeq, ...(options.random ? { random: options.random } : {}) }),
      }),
      { name: 'zustand-realtime', ...devtoolsOptions },
    ),
  )

export type DashboardStore = ReturnType<typeof createDashboardStore>
