import type { ConnectionsSlice } from '../types'
import type { FeedKey, FeedName } from './feeds'
import type { DashboardSlices } from './overrides'

/**
 * The data slices of the dashboard store: one per feed, `null` until its first frame, holding the
 * payload as the server sent it (or what the feed's schema / `select` made of it), plus the last
 * `seq` seen per feed.
 */
export type DashboardData<S extends DashboardSlices = DashboardSlices> = { [K in FeedKey]: S[K] | null } & {
  seq: Record<FeedName, number>
}

/** The whole dashboard store: the feed data plus the `connections` slice the transport middleware keeps. */
export type DashboardState<S extends DashboardSlices = DashboardSlices> = DashboardData<S> & ConnectionsSlice<FeedName>

/** Every slice empty: fits a dashboard of any slice types. */
export type EmptyDashboardData = DashboardData<{ [K in FeedKey]: never }>

/** A fresh, unshared initial state (every call returns new objects). */
export const createInitialDashboardState = (): EmptyDashboardData => ({
  queue: null,
  adwMonitor: null,
  workflows: null,
  routes: null,
  workflowHistory: null,
  plannedFeatures: null,
  systemStatus: null,
  webhookStatus: null,
  seq: {
    queue: 0,
    'adw-monitor': 0,
    workflows: 0,
    routes: 0,
    'workflow-history': 0,
    'planned-features': 0,
    'system-status': 0,
    'webhook-status': 0,
  },
})

/**
 * The initial state, frozen so no store can mutate it in place. Reducers only ever
 * assign top-level keys (they replace `seq`, never write into it), so both immer drafts
 * and shallow copies of this object are safe to reduce into.
 */
export const initialDashboardState: EmptyDashboardData = Object.freeze({
  ...createInitialDashboardState(),
  seq: Object.freeze(createInitialDashboardState().seq),
})
