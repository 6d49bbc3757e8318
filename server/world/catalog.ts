import type { QueuePhaseName, Route, WebhookStatus } from '../../src/demo/model/types'

/** Fixed names the generated world draws from, so the dashboard reads like a real team's. */

export const PHASES: readonly QueuePhaseName[] = ['plan', 'build', 'test', 'review', 'document', 'ship']

export const STEPS: Record<QueuePhaseName, readonly string[]> = {
  plan: ['Reading issue', 'Drafting plan', 'Reviewing plan'],
  build: ['Creating branch', 'Implementing changes', 'Running formatter'],
  test: ['Running unit tests', 'Running E2E tests', 'Fixing failures'],
  review: ['Reviewing diff', 'Capturing screenshots'],
  document: ['Writing docs', 'Updating changelog'],
  ship: ['Opening pull request', 'Merging'],
}

export const WORKFLOWS = [
  { id: 'adw_sdlc', name: 'Full SDLC', description: 'Plan, build, test, review, document and ship an issue', phases: PHASES },
  { id: 'adw_plan_build', name: 'Plan + Build', description: 'Plan an issue and implement it', phases: ['plan', 'build'] },
  { id: 'adw_plan_build_test', name: 'Plan + Build + Test', description: 'Implement an issue and make the tests pass', phases: ['plan', 'build', 'test'] },
  { id: 'adw_patch', name: 'Patch', description: 'Small fix straight to a pull request', phases: ['build', 'test', 'ship'] },
  { id: 'adw_document', name: 'Document', description: 'Write the docs for a merged change', phases: ['document', 'ship'] },
] as const satisfies readonly { id: string; name: string; description: string; phases: readonly QueuePhaseName[] }[]

export const ISSUE_TITLES: readonly string[] = [
  'Add dark mode toggle',
  'Fix flaky login test',
  'Paginate the audit log',
  'Cache GitHub API responses',
  'Retry webhook deliveries',
  'Show cost per workflow run',
  'Export history as CSV',
  'Rate-limit the public API',
  'Upgrade to React 19',
  'Keyboard shortcuts for the queue',
  'Fix timezone in run durations',
  'Add Slack notifications',
  'Speed up cold start',
  'Search in planned features',
  'Archive old workflow runs',
  'Stream agent logs live',
]

export const FEATURE_TITLES: readonly string[] = [
  'Multi-repo support',
  'Cost budgets per team',
  'Run replays',
  'Approval gates before ship',
  'Self-hosted runners',
  'Issue templates for agents',
  'Weekly digest email',
  'Parallel test sharding',
  'Fine-grained API tokens',
  'Incident timeline view',
  'Custom workflow builder',
  'Mobile dashboard',
]

export const ROUTES: readonly Omit<Route, 'requestsPerMinute'>[] = [
  { method: 'GET', path: '/api/v1/queue', handler: 'queue.list', description: 'Current work queue' },
  { method: 'POST', path: '/api/v1/queue', handler: 'queue.enqueue', description: 'Enqueue an issue' },
  { method: 'GET', path: '/api/v1/adw-monitor', handler: 'adw.monitor', description: 'Running ADW workflows' },
  { method: 'POST', path: '/api/v1/adw/:id/cancel', handler: 'adw.cancel', description: 'Cancel a run' },
  { method: 'GET', path: '/api/v1/workflows', handler: 'workflows.list', description: 'Workflow catalogue' },
  { method: 'PUT', path: '/api/v1/workflows/:id', handler: 'workflows.update', description: 'Enable or disable a workflow' },
  { method: 'GET', path: '/api/v1/workflow-history', handler: 'history.list', description: 'Finished runs' },
  { method: 'DELETE', path: '/api/v1/workflow-history/:id', handler: 'history.delete', description: 'Forget a run' },
  { method: 'POST', path: '/webhooks/github', handler: 'webhooks.github', description: 'GitHub events' },
  { method: 'WS', path: '/api/v1/ws/:feed', handler: 'realtime.feed', description: 'Live dashboard feeds' },
]

/** Typical load of each route; the live value jitters around it. */
export const ROUTE_BASE_RPM: readonly number[] = [120, 8, 90, 1, 30, 2, 45, 1, 60, 16]

export const SERVICES = [
  { name: 'api', latencyMs: 35 },
  { name: 'database', latencyMs: 8 },
  { name: 'redis', latencyMs: 2 },
  { name: 'github', latencyMs: 180 },
  { name: 'agent-runner', latencyMs: 95 },
  { name: 'websocket-gateway', latencyMs: 12 },
] as const

export const WEBHOOKS: readonly Pick<WebhookStatus, 'id' | 'source' | 'event'>[] = [
  { id: 'wh-github-issues', source: 'github', event: 'issues.opened' },
  { id: 'wh-github-pr', source: 'github', event: 'pull_request.closed' },
  { id: 'wh-github-checks', source: 'github', event: 'check_suite.completed' },
  { id: 'wh-slack-commands', source: 'slack', event: 'slash_command' },
  { id: 'wh-linear-issues', source: 'linear', event: 'Issue.create' },
  { id: 'wh-stripe-invoices', source: 'stripe', event: 'invoice.paid' },
]
