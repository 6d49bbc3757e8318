import type { DashboardStore } from '../store'

declare global {
  interface Window {
    /** The demo's store, for E2E tests and the console (dev builds only). */
    __realtime?: DashboardStore
  }
}

/** Exposes the store as `window.__realtime` in development; does nothing in a production build. */
export const exposeForTests = (store: DashboardStore): void => {
  if (import.meta.env.DEV) window.__realtime = store
}
