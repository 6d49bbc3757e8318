import type { ConnectionsSlice } from '../types'
import type { FeedName } from './feeds'
import type {
  AdwMonitorData,
  PlannedFeaturesData,
  QueueData,
  RoutesData,
  SystemStatusData,
  WebhookStatusData,
  WorkflowHistoryData,
  WorkflowsData,
} from './types'

/** The data slices of the dashboard store: one per feed (null until its first frame), plus the last `seq` seen per feed. */
export interface DashboardData {
  queue: QueueData | null
  adwMonitor: AdwMonitorData | null
  workflows: WorkflowsData | null
  routes: RoutesData | null
  workflowHistory: WorkflowHistoryData | null
  plannedFeatures: PlannedFeaturesData | null
  systemStatus: SystemStatusData | null
  webhookStatus: WebhookStatusData | null
  seq: Record<FeedName, number>
}

/** The whole dashboard store: the feed data plus the `connections` slice the transport middleware keeps. */
export type DashboardState = DashboardData & ConnectionsSlice<FeedName>

/** A fresh, unshared initial state (every call returns new objects). */
export const createInitialDashboardState = (): DashboardData => ({
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
export const initialDashboardState: DashboardData = Object.freeze({
  ...createInitialDashboardState(),
  seq: Object.freeze(createInitialDashboardState().seq),
})
