import { createContext, useContext } from 'react'
import type { RealtimeStore } from './types'

export const RealtimeContext = createContext<RealtimeStore | null>(null)

/** The store of the nearest `<RealtimeProvider>`. */
export const useRealtimeStore = (): RealtimeStore => {
  const store = useContext(RealtimeContext)
  if (store === null) throw new Error('useRealtimeStore() must be called inside <RealtimeProvider store={…}>')
  return store
}
