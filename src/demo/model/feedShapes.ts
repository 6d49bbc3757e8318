import type { FeedName } from '../../store/dashboard/feeds'
import { DataRejection } from '../../store/dataRejection'
import { aBoolean, aNumber, arrayOf, aString, objectWith, oneOf, orNull, type ShapeCheck } from './shape'
import type { FeedDataMap } from './types'

const PHASES = ['plan', 'build', 'test', 'review', 'document', 'ship'] as const
const RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const
const HEALTH = ['healthy', 'degraded', 'down'] as const

/**
 * The rough shape of each feed's `data`: the top-level fields with their types, and the
 * identifying fields of list items. Loose enough for additive server changes, strict
 * enough that a component reading the slice will not crash.
 */
const FEED_DATA_SHAPES: { readonly [N in FeedName]: ShapeCheck } = {
  queue: objectWith({
    phases: arrayOf(objectWith({ id: aString, issueNumber: aNumber, phase: oneOf(...PHASES), status: oneOf(...RUN_STATUSES) })),
    paused: aBoolean,
    updatedAt: aNumber,
  }),
  'adw-monitor': objectWith({
    runs: arrayOf(objectWith({ adwId: aString, phase: oneOf(...PHASES), progress: aNumber, status: oneOf(...RUN_STATUSES, 'paused') })),
    summary: objectWith({ total: aNumber, running: aNumber, completed: aNumber, failed: aNumber }),
    updatedAt: aNumber,
  }),
  workflows: objectWith({
    workflows: arrayOf(objectWith({ id: aString, name: aString, phases: arrayOf(oneOf(...PHASES)), enabled: aBoolean })),
    updatedAt: aNumber,
  }),
  routes: objectWith({
    routes: arrayOf(objectWith({ method: oneOf('GET', 'POST', 'PUT', 'DELETE', 'WS'), path: aString, requestsPerMinute: aNumber })),
    updatedAt: aNumber,
  }),
  'workflow-history': objectWith({
    items: arrayOf(objectWith({ adwId: aString, status: oneOf('completed', 'failed', 'cancelled'), durationSeconds: aNumber })),
    totalRuns: aNumber,
    successRate: aNumber,
    updatedAt: aNumber,
  }),
  'planned-features': objectWith({
    features: arrayOf(
      objectWith({ id: aString, title: aString, priority: oneOf('high', 'medium', 'low'), status: oneOf('planned', 'in_progress', 'completed'), issueNumber: orNull(aNumber) }),
    ),
    updatedAt: aNumber,
  }),
  'system-status': objectWith({
    overall: oneOf(...HEALTH),
    services: arrayOf(objectWith({ name: aString, status: oneOf(...HEALTH), latencyMs: aNumber })),
    cpuPercent: aNumber,
    memoryPercent: aNumber,
    uptimeSeconds: aNumber,
    updatedAt: aNumber,
  }),
  'webhook-status': objectWith({
    webhooks: arrayOf(
      objectWith({ id: aString, source: oneOf('github', 'slack', 'linear', 'stripe'), status: oneOf('active', 'failing', 'disabled'), lastDeliveryAt: orNull(aNumber) }),
    ),
    updatedAt: aNumber,
  }),
}

/** Null when `data` fits the feed's shape, else what is wrong with it. */
export const describeFeedDataProblem = (name: FeedName, data: unknown): string | null => FEED_DATA_SHAPES[name](data, 'data')

/** Throws a `DataRejection` naming the first problem when `data` does not fit the feed's shape. */
export function assertFeedData<N extends FeedName>(name: N, data: unknown): asserts data is FeedDataMap[N] {
  const problem = describeFeedDataProblem(name, data)
  if (problem !== null) throw new DataRejection(problem)
}

/** The demo's schema of one feed: a plain function that returns the data when it fits, else throws. */
export const feedSchema =
  <N extends FeedName>(name: N) =>
  (data: unknown): FeedDataMap[N] => {
    assertFeedData(name, data)
    return data
  }
