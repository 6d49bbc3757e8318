import { createContext, useContext, useState, type ReactNode } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { createDashboardStore, defaultWsBase, type DashboardStore, type DashboardStoreOptions } from './createDashboardStore'
import { createGlobalWebSocketSelector, type GlobalWebSocketValue } from './legacyState'
import { RealtimeProvider } from './RealtimeProvider'

const DashboardStoreContext = createContext<DashboardStore | null>(null)

export interface GlobalWebSocketProviderProps {
  /** Default: `VITE_WS_BASE`, else `ws://localhost:8002`. Read once, when the provider mounts. */
  baseUrl?: string
  /** Transport options of the store. Read once, when the provider mounts. */
  options?: DashboardStoreOptions
  children?: ReactNode
}

/** The old provider, now one dashboard store per provider instance, connected while mounted. */
export function GlobalWebSocketProvider({ baseUrl, options, children }: GlobalWebSocketProviderProps) {
  const [store] = useState(() => createDashboardStore(baseUrl ?? defaultWsBase(), options))
  return (
    <DashboardStoreContext.Provider value={store}>
      <RealtimeProvider store={store}>{children}</RealtimeProvider>
    </DashboardStoreContext.Provider>
  )
}

/** The dashboard store of the nearest `<GlobalWebSocketProvider>`. */
export const useDashboardStore = (): DashboardStore => {
  const store = useContext(DashboardStoreContext)
  if (store === null) throw new Error('useGlobalWebSocket() must be called inside <GlobalWebSocketProvider>')
  return store
}

/** The old hook: every feed's data and connection state; re-renders only when one of them changes. */
export const useGlobalWebSocket = (): GlobalWebSocketValue => {
  const [select] = useState(createGlobalWebSocketSelector)
  return useStore(useDashboardStore(), useShallow(select))
}
