import type { EndpointHealth } from '../transport/types'

/** The exact badge texts of SPEC §8 (E2E tests read them). */
export type BadgeLabel = 'Connected' | 'Connecting' | 'Reconnecting' | 'Disconnected' | 'Polling' | 'Paused'

export const BADGE_LABELS: readonly BadgeLabel[] = ['Connected', 'Connecting', 'Reconnecting', 'Disconnected', 'Polling', 'Paused']

const STATUS_LABEL: Record<EndpointHealth['status'], BadgeLabel> = {
  connected: 'Connected',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
}

/** Polling while the fallback runs, Paused while the page is hidden or offline, else the status. */
export const badgeLabel = (health: Pick<EndpointHealth, 'status' | 'paused' | 'fallback'> | undefined): BadgeLabel => {
  if (health === undefined) return 'Disconnected'
  if (health.fallback === 'polling') return 'Polling'
  if (health.paused !== false) return 'Paused'
  return STATUS_LABEL[health.status]
}

/** The CSS modifier of a badge: `badge--connected`, `badge--polling`… */
export const badgeTone = (label: BadgeLabel): string => `badge--${label.toLowerCase()}`
