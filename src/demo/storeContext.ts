import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { DemoState, DemoStore } from './demoStore'

/** The demo's dashboard store, typed (the library's `useRealtimeStore()` only knows `connections`). */
export const DemoStoreContext = createContext<DemoStore | null>(null)

export const useDemoStore = (): DemoStore => {
  const store = useContext(DemoStoreContext)
  if (store === null) throw new Error('demo components must be rendered inside <DemoStoreContext.Provider>')
  return store
}

/** Select from the dashboard store; re-renders only when the selected value changes (Object.is). */
export const useDashboard = <T>(selector: (state: DemoState) => T): T => useStore(useDemoStore(), selector)
