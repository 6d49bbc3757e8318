import type { FeedName } from '../../store'
import { feedSchema } from './feedShapes'

/**
 * The demo's overrides: each feed checked against the demo's own data model (its schemas are plain
 * functions). A team with other payloads writes its own (`schema`, `select`, `url`…).
 */
export const demoFeeds = {
  queue: { schema: feedSchema('queue') },
  'adw-monitor': { schema: feedSchema('adw-monitor') },
  workflows: { schema: feedSchema('workflows') },
  routes: { schema: feedSchema('routes') },
  'workflow-history': { schema: feedSchema('workflow-history') },
  'planned-features': { schema: feedSchema('planned-features') },
  'system-status': { schema: feedSchema('system-status') },
  'webhook-status': { schema: feedSchema('webhook-status') },
} as const satisfies { [N in FeedName]: object }
