import { factory, nullable, primaryKey } from '@mswjs/data'
import type {
  AdwRun,
  PlannedFeature,
  QueuePhaseName,
  Route,
  RunStatus,
  ServiceStatus,
  WebhookStatus,
  WorkflowHistoryItem,
} from '../demo/model/types'

/** The world behind the mock dashboard: one `@mswjs/data` model per kind of record. */
const dashboardModels = {
  world: {
    id: primaryKey(String),
    queuePaused: Boolean,
    startedAt: Number,
    cpuPercent: Number,
    memoryPercent: Number,
    completedRuns: Number,
    failedRuns: Number,
    nextIssueNumber: Number,
    nextRunNumber: Number,
  },
  queueItem: {
    id: primaryKey(String),
    issueNumber: Number,
    title: String,
    phase: (): QueuePhaseName => 'plan',
    status: (): RunStatus => 'queued',
    enqueuedAt: Number,
  },
  adwRun: {
    adwId: primaryKey(String),
    issueNumber: Number,
    workflow: String,
    progress: Number,
    status: (): AdwRun['status'] => 'running',
    startedAt: Number,
  },
  workflow: {
    id: primaryKey(String),
    name: String,
    description: String,
    phases: (): QueuePhaseName[] => [],
    enabled: Boolean,
    runsToday: Number,
  },
  route: {
    id: primaryKey(String),
    method: (): Route['method'] => 'GET',
    path: String,
    handler: String,
    description: String,
    requestsPerMinute: Number,
  },
  historyItem: {
    adwId: primaryKey(String),
    workflow: String,
    issueNumber: Number,
    status: (): WorkflowHistoryItem['status'] => 'completed',
    startedAt: Number,
    completedAt: Number,
    durationSeconds: Number,
    costUsd: Number,
  },
  plannedFeature: {
    id: primaryKey(String),
    title: String,
    priority: (): PlannedFeature['priority'] => 'medium',
    status: (): PlannedFeature['status'] => 'planned',
    estimatedHours: Number,
    issueNumber: nullable<number>(() => null),
  },
  service: {
    name: primaryKey(String),
    status: (): ServiceStatus['status'] => 'healthy',
    latencyMs: Number,
    /** The latency it drifts around when healthy. */
    baselineMs: Number,
  },
  webhook: {
    id: primaryKey(String),
    source: (): WebhookStatus['source'] => 'github',
    event: String,
    status: (): WebhookStatus['status'] => 'active',
    lastDeliveryAt: nullable<number>(() => null),
    deliveries: Number,
    failures: Number,
    recentFailures: Number,
  },
}

/** Each call returns an independent, empty database (no module-level state). */
export const createDashboardDb = () => factory(dashboardModels)

export type DashboardDb = ReturnType<typeof createDashboardDb>

/** The single `world` row's id. */
export const WORLD_ID = 'world'

export const QUEUE_PHASES: readonly [QueuePhaseName, ...QueuePhaseName[]] = ['plan', 'build', 'test', 'review', 'document', 'ship']
