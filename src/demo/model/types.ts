/** Data carried by each dashboard feed (the `data` of its `<name>_update` frames). */

export type QueuePhaseName = 'plan' | 'build' | 'test' | 'review' | 'document' | 'ship'
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed'

export interface QueueItem {
  id: string
  issueNumber: number
  title: string
  phase: QueuePhaseName
  status: RunStatus
  position: number
  enqueuedAt: number
}
export interface QueueData {
  phases: QueueItem[]
  paused: boolean
  updatedAt: number
}

export interface AdwRun {
  adwId: string
  issueNumber: number
  workflow: string
  phase: QueuePhaseName
  currentStep: string
  progress: number // 0..100
  status: RunStatus | 'paused'
  startedAt: number
}
export interface AdwMonitorData {
  runs: AdwRun[]
  summary: { total: number; running: number; completed: number; failed: number }
  updatedAt: number
}

export interface Workflow {
  id: string
  name: string
  description: string
  phases: QueuePhaseName[]
  enabled: boolean
  runsToday: number
}
export interface WorkflowsData {
  workflows: Workflow[]
  updatedAt: number
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'WS'
  path: string
  handler: string
  description: string
  requestsPerMinute: number
}
export interface RoutesData {
  routes: Route[]
  updatedAt: number
}

export interface WorkflowHistoryItem {
  adwId: string
  workflow: string
  issueNumber: number
  status: 'completed' | 'failed' | 'cancelled'
  startedAt: number
  completedAt: number
  durationSeconds: number
  costUsd: number
}
export interface WorkflowHistoryData {
  items: WorkflowHistoryItem[]
  totalRuns: number
  successRate: number // 0..1
  updatedAt: number
}

export interface PlannedFeature {
  id: string
  title: string
  priority: 'high' | 'medium' | 'low'
  status: 'planned' | 'in_progress' | 'completed'
  estimatedHours: number
  issueNumber: number | null
}
export interface PlannedFeaturesData {
  features: PlannedFeature[]
  updatedAt: number
}

export interface ServiceStatus {
  name: string
  status: 'healthy' | 'degraded' | 'down'
  latencyMs: number
}
export interface SystemStatusData {
  overall: 'healthy' | 'degraded' | 'down'
  services: ServiceStatus[]
  cpuPercent: number
  memoryPercent: number
  uptimeSeconds: number
  updatedAt: number
}

export interface WebhookStatus {
  id: string
  source: 'github' | 'slack' | 'linear' | 'stripe'
  event: string
  status: 'active' | 'failing' | 'disabled'
  lastDeliveryAt: number | null
  successRate: number // 0..1
  recentFailures: number
}
export interface WebhookStatusData {
  webhooks: WebhookStatus[]
  updatedAt: number
}

/** Feed data by feed name. */
export interface FeedDataMap {
  queue: QueueData
  'adw-monitor': AdwMonitorData
  workflows: WorkflowsData
  routes: RoutesData
  'workflow-history': WorkflowHistoryData
  'planned-features': PlannedFeaturesData
  'system-status': SystemStatusData
  'webhook-status': WebhookStatusData
}

/**
 * A frame as the reference server and the mocks send it. `seq` counts updates per endpoint
 * (the snapshot on connect carries the latest one), so a client can prove nothing was lost.
 */
export interface FeedFrame<Name extends keyof FeedDataMap = keyof FeedDataMap> {
  type: string
  data: FeedDataMap[Name]
  seq: number
}
