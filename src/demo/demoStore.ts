import { createDashboardStore, type DashboardStoreOptions } from '../store'
import { demoFeeds } from './model/demoFeeds'

/** The demo's store: the dashboard catalogue with the demo's schemas on every feed. */
export const createDemoStore = (baseUrl: string | readonly string[], options: Omit<DashboardStoreOptions, 'feeds'> = {}) =>
  createDashboardStore(baseUrl, { ...options, feeds: demoFeeds })

export type DemoStore = ReturnType<typeof createDemoStore>
export type DemoState = ReturnType<DemoStore['getState']>
