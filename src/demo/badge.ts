import type { EndpointHealth } from '../transport/types'

/** The exact badge texts of SPEC §8 (E2E tests read them). */
export type BadgeLabel = 'Connected' | 'Connecting' | 'Reconnecting' | 'Disconnected' | 'Polling' | 'Paused' | 'Data error'

export const BADGE_LABELS: readonly BadgeLabel[] = ['Connected', 'Data error', 'Connecting', 'Reconnecting', 'Disconnected', 'Polling', 'Paused']

const STATUS_LABEL: Record<EndpointHealth['status'], BadgeLabel> = {
  connected: 'Connected',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
}

/**
 * Polling while the fallback runs, Paused while the page is hidden or offline, Data error while
 * connected but the latest frame could not be applied (never green over empty), else the status.
 */
export const badgeLabel = (health: Pick<EndpointHealth, 'status' | 'paused' | 'fallback' | 'dataError'> | undefined): BadgeLabel => {
  if (health === undefined) return 'Disconnected'
  if (health.fallback === 'polling') return 'Polling'
  if (health.paused !== false) return 'Paused'
  if (health.status === 'connected' && health.dataError !== null) return 'Data error'
  return STATUS_LABEL[health.status]
}

/** The CSS modifier of a label: `connected`, `data-error`… */
export const labelSlug = (label: BadgeLabel): string => label.toLowerCase().replaceAll(' ', '-')

/** The CSS modifier of a badge: `badge--connected`, `badge--data-error`… */
export const badgeTone = (label: BadgeLabel): string => `badge--${labelSlug(label)}`
