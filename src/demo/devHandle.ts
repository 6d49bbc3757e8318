import { tabSharingOf } from '../transport/tabs/registry'
import type { TabSharingState } from '../transport/tabs/types'
import type { DemoStore } from './demoStore'

declare global {
  interface Window {
    /** The demo's store, for E2E tests and the console (dev builds only). */
    __realtime?: DemoStore
    /** This tab's role in the shared connection set (null: sockets of its own), for E2E tests. */
    __realtimeTabs?: () => TabSharingState | null
  }
}

/** Exposes the store as `window.__realtime` in development; does nothing in a production build. */
export const exposeForTests = (store: DemoStore): void => {
  if (!import.meta.env.DEV) return
  window.__realtime = store
  window.__realtimeTabs = () => tabSharingOf(store.transport)?.state() ?? null
}
