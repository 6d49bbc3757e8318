import { useEffect, type ReactNode } from 'react'
import { retainConnection } from './connectionRefs'
import { RealtimeContext } from './realtimeContext'
import type { RealtimeStore } from './types'

export interface RealtimeProviderProps {
  store: RealtimeStore
  children?: ReactNode
}

/**
 * Connects the store's transport while at least one provider of that store is mounted,
 * and makes the store available to `useRealtimeStore()`.
 */
export function RealtimeProvider({ store, children }: RealtimeProviderProps) {
  useEffect(() => retainConnection(store.transport), [store])
  return <RealtimeContext.Provider value={store}>{children}</RealtimeContext.Provider>
}
