import type { Route, WebhookStatus } from '../demo/model/types'
import { QUEUE_PHASES, WORLD_ID, type DashboardDb } from './db'
import type { SeededRandom } from './random'

export const ISSUE_TITLES = [
  'Add OAuth login with GitHub',
  'Fix flaky checkout test',
  'Paginate the audit log',
  'Dark mode for the settings page',
  'Retry failed webhook deliveries',
  'Export reports as CSV',
  'Speed up the search index rebuild',
  'Rate-limit the public API',
  'Show cost per workflow run',
  'Migrate sessions to Redis',
  'Add keyboard shortcuts to the board',
  'Alert on queue backlog',
] as const satisfies readonly [string, ...string[]]

export const WORKFLOW_NAMES = ['adw_sdlc', 'adw_plan_build', 'adw_plan_build_test', 'adw_patch'] as const satisfies readonly [string, ...string[]]

const ROUTES: readonly [Route['method'], string, string, string][] = [
  ['GET', '/api/v1/queue', 'get_queue', 'Issues waiting for an agent'],
  ['POST', '/api/v1/queue', 'enqueue_issue', 'Put an issue on the queue'],
  ['DELETE', '/api/v1/queue/{id}', 'dequeue_issue', 'Remove an issue from the queue'],
  ['GET', '/api/v1/adw-monitor', 'get_adw_monitor', 'Running AI developer workflows'],
  ['POST', '/api/v1/workflows/{id}/trigger', 'trigger_workflow', 'Start a workflow for an issue'],
  ['PUT', '/api/v1/workflows/{id}', 'update_workflow', 'Enable or change a workflow'],
  ['GET', '/api/v1/workflow-history', 'get_history', 'Finished runs with cost'],
  ['POST', '/api/v1/webhooks/github', 'github_webhook', 'GitHub issue and PR events'],
  ['GET', '/api/v1/system-status', 'get_system_status', 'Service health'],
  ['WS', '/api/v1/ws/{feed}', 'feed_socket', 'Live dashboard feeds'],
]

const SERVICES: readonly [string, number][] = [
  ['api', 18], ['database', 6], ['redis', 2], ['github-api', 140], ['agent-worker', 45], ['websocket-gateway', 9],
]

const WEBHOOKS: readonly [WebhookStatus['source'], string][] = [
  ['github', 'issues.opened'], ['github', 'pull_request.closed'], ['slack', 'slash_command'], ['linear', 'issue.updated'], ['stripe', 'invoice.paid'],
]

const FEATURES: readonly [string, 'high' | 'medium' | 'low'][] = [
  ['Multi-repo queues', 'high'], ['Cost budget per workflow', 'high'], ['Agent replay viewer', 'medium'], ['Slack approvals', 'medium'],
  ['Per-phase timeouts', 'medium'], ['Self-hosted runners', 'low'], ['Workflow templates', 'low'], ['SAML single sign-on', 'low'],
]

const MINUTE = 60_000

/** Fills an empty db with a believable dashboard; the same `random` state and `now` give the same world. */
export const seedDashboardDb = (db: DashboardDb, random: SeededRandom, now: number): void => {
  db.world.create({
    id: WORLD_ID, queuePaused: false, startedAt: now - 3 * 60 * MINUTE, cpuPercent: random.int(15, 35), memoryPercent: random.int(35, 55),
    completedRuns: 137, failedRuns: 9, nextIssueNumber: 231, nextRunNumber: 1012,
  })
  for (let index = 0; index < 7; index += 1) {
    const phase = index < 5 ? (QUEUE_PHASES[index] ?? 'plan') : 'plan'
    db.queueItem.create({
      id: `q-${224 + index}`, issueNumber: 224 + index, title: ISSUE_TITLES[index] ?? 'Untitled', phase,
      status: index < 4 ? 'running' : 'queued', enqueuedAt: now - (40 - index * 5) * MINUTE,
    })
  }
  for (let index = 0; index < 5; index += 1) {
    const status = index < 3 ? 'running' : index === 3 ? 'completed' : 'failed'
    db.adwRun.create({
      adwId: `adw-${1007 + index}`, issueNumber: 219 + index, workflow: random.pick(WORKFLOW_NAMES),
      progress: status === 'completed' ? 100 : random.int(5, 90), status, startedAt: now - random.int(2, 50) * MINUTE,
    })
  }
  const phaseSets = [[...QUEUE_PHASES], ['plan', 'build'], ['plan', 'build', 'test'], ['build', 'test', 'ship']] as const
  WORKFLOW_NAMES.forEach((name, index) => {
    db.workflow.create({
      id: `wf-${index + 1}`, name, description: `${name.replaceAll('_', ' ')} pipeline`, phases: [...(phaseSets[index] ?? ['plan'])],
      enabled: index !== 3, runsToday: random.int(0, 25),
    })
  })
  for (const [method, path, handler, description] of ROUTES) {
    db.route.create({ id: `${method} ${path}`, method, path, handler, description, requestsPerMinute: random.int(1, 120) })
  }
  for (let index = 0; index < 12; index += 1) {
    const durationSeconds = random.int(90, 1800)
    const completedAt = now - (index + 1) * 7 * MINUTE
    db.historyItem.create({
      adwId: `adw-${1006 - index}`, workflow: random.pick(WORKFLOW_NAMES), issueNumber: 218 - index,
      status: random.chance(0.1) ? 'failed' : random.chance(0.05) ? 'cancelled' : 'completed',
      startedAt: completedAt - durationSeconds * 1000, completedAt, durationSeconds, costUsd: random.int(8, 250) / 100,
    })
  }
  FEATURES.forEach(([title, priority], index) => {
    db.plannedFeature.create({
      id: `feat-${index + 1}`, title, priority, status: index < 2 ? 'in_progress' : 'planned',
      estimatedHours: random.int(2, 40), issueNumber: index < 2 ? 200 + index : null,
    })
  })
  for (const [name, baselineMs] of SERVICES) {
    db.service.create({ name, status: 'healthy', latencyMs: baselineMs, baselineMs })
  }
  WEBHOOKS.forEach(([source, event], index) => {
    const deliveries = random.int(50, 400)
    db.webhook.create({
      id: `hook-${index + 1}`, source, event, status: 'active', lastDeliveryAt: now - random.int(1, 30) * MINUTE,
      deliveries, failures: random.int(0, 5), recentFailures: 0,
    })
  })
}
