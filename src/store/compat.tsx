import { createContext, useContext, useState, type ReactNode } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { createDashboardStore, defaultWsBase, type DashboardStore, type DashboardStoreOptions } from './createDashboardStore'
import type { DashboardSlices, FeedOverrides } from './dashboard'
import { createGlobalWebSocketSelector, type GlobalWebSocketValue } from './legacyState'
import { RealtimeProvider } from './RealtimeProvider'

/** The provider's store: slices typed `unknown` whatever its overrides (the hook's type argument narrows them). */
type ProvidedStore = DashboardStore<FeedOverrides>

const DashboardStoreContext = createContext<ProvidedStore | null>(null)

export interface GlobalWebSocketProviderProps {
  /** Default: `VITE_WS_BASE`, else `ws://localhost:8002`. Read once, when the provider mounts. */
  baseUrl?: string
  /** Transport options of the store. Read once, when the provider mounts. */
  options?: DashboardStoreOptions
  /** Per-feed overrides (same as `options.feeds`, which they extend). Read once, when the provider mounts. */
  feeds?: FeedOverrides
  children?: ReactNode
}

/** The old provider, now one dashboard store per provider instance, connected while mounted. */
export function GlobalWebSocketProvider({ baseUrl, options, feeds, children }: GlobalWebSocketProviderProps) {
  const [store] = useState((): ProvidedStore => createDashboardStore<FeedOverrides>(baseUrl ?? defaultWsBase(), feeds === undefined ? options : { ...options, feeds: { ...options?.feeds, ...feeds } }))
  return (
    <DashboardStoreContext.Provider value={store}>
      <RealtimeProvider store={store}>{children}</RealtimeProvider>
    </DashboardStoreContext.Provider>
  )
}

/** The dashboard store of the nearest `<GlobalWebSocketProvider>` (read, subscribe and `transport`). */
export const useDashboardStore = (): ProvidedStore => {
  const store = useContext(DashboardStoreContext)
  if (store === null) throw new Error('useGlobalWebSocket() must be called inside <GlobalWebSocketProvider>')
  return store
}

/**
 * The old hook: every feed's data and connection state; re-renders only when one of them changes.
 * Data is `unknown` (the payload as the server sent it); pass the slice types your provider's
 * `feeds` produce (`useGlobalWebSocket<SlicesOf<typeof feeds>>()`) to have them typed — that type
 * argument is your claim about the provider above, it is not checked.
 */
export const useGlobalWebSocket = <S extends DashboardSlices = DashboardSlices>(): GlobalWebSocketValue<S> => {
  const [select] = useState(createGlobalWebSocketSelector)
  const value: GlobalWebSocketValue = useStore(useDashboardStore(), useShallow(select))
  return value as GlobalWebSocketValue<S>
}
