import type { DemoStore } from './demoStore'

declare global {
  interface Window {
    /** The demo's store, for E2E tests and the console (dev builds only). */
    __realtime?: DemoStore
  }
}

/** Exposes the store as `window.__realtime` in development; does nothing in a production build. */
export const exposeForTests = (store: DemoStore): void => {
  if (import.meta.env.DEV) window.__realtime = store
}
