import type { Priority } from '../../transport/types'

/** The 8 dashboard feeds of SPEC §3: name, connect priority, and the `type` of their frames. */
export const DASHBOARD_FEEDS = [
  { name: 'queue', priority: 1, messageType: 'queue_update', key: 'queue' },
  { name: 'adw-monitor', priority: 1, messageType: 'adw_monitor_update', key: 'adwMonitor' },
  { name: 'workflows', priority: 2, messageType: 'workflows_update', key: 'workflows' },
  { name: 'routes', priority: 2, messageType: 'routes_update', key: 'routes' },
  { name: 'workflow-history', priority: 2, messageType: 'workflow_history_update', key: 'workflowHistory' },
  { name: 'planned-features', priority: 3, messageType: 'planned_features_update', key: 'plannedFeatures' },
  { name: 'system-status', priority: 3, messageType: 'system_status_update', key: 'systemStatus' },
  { name: 'webhook-status', priority: 3, messageType: 'webhook_status_update', key: 'webhookStatus' },
] as const satisfies readonly { name: string; priority: Priority; messageType: string; key: string }[]

export type FeedName = (typeof DASHBOARD_FEEDS)[number]['name']
export type FeedKey = (typeof DASHBOARD_FEEDS)[number]['key']
/** `adwMonitor` for `adw-monitor`. */
export type FeedKeyOf<N extends FeedName> = Extract<(typeof DASHBOARD_FEEDS)[number], { name: N }>['key']

export const FEED_NAMES: readonly FeedName[] = DASHBOARD_FEEDS.map((feed) => feed.name)

/** `queue_update` for `queue`, `adw_monitor_update` for `adw-monitor`. */
export const messageTypeOf = (name: string): string => `${name.replaceAll('-', '_')}_update`

export const wsPath = (name: string): string => `/api/v1/ws/${name}`
export const pollPath = (name: string): string => `/api/v1/${name}`
