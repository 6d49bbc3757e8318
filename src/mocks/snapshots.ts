import type { FeedName } from '../store/dashboard/feeds'
import type { FeedDataMap, QueuePhaseName, ServiceStatus } from '../demo/model/types'
import { QUEUE_PHASES, WORLD_ID, type DashboardDb } from './db'

const STEP_OF_PHASE: Readonly<Record<QueuePhaseName, string>> = {
  plan: 'writing the implementation plan',
  build: 'implementing the plan',
  test: 'running the test suite',
  review: 'reviewing the diff against the spec',
  document: 'updating the docs',
  ship: 'opening the pull request',
}

const HEALTH_RANK: Readonly<Record<ServiceStatus['status'], number>> = { healthy: 0, degraded: 1, down: 2 }

const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : Math.round((part / whole) * 1000) / 1000)

/** The phase an ADW run is in, from its overall progress (each phase is a sixth of the run). */
export const phaseAtProgress = (progress: number): QueuePhaseName =>
  QUEUE_PHASES[Math.min(QUEUE_PHASES.length - 1, Math.floor((progress / 100) * QUEUE_PHASES.length))] ?? 'plan'

export const worldOf = (db: DashboardDb) => db.world.findFirst({ where: { id: { equals: WORLD_ID } }, strict: true })

const byNumber = <T,>(key: (item: T) => number) => (a: T, b: T): number => key(a) - key(b)

/** Builds each feed's `data` from the db: plain objects, exactly the shapes of `FeedDataMap`. */
const SNAPSHOTS: { readonly [N in FeedName]: (db: DashboardDb, now: number) => FeedDataMap[N] } = {
  queue: (db, now) => ({
    phases: db.queueItem
      .getAll()
      .sort(byNumber((item) => item.enqueuedAt))
      .map(({ id, issueNumber, title, phase, status, enqueuedAt }, index) => ({ id, issueNumber, title, phase, status, position: index + 1, enqueuedAt })), // 1-based, as the reference server
    paused: worldOf(db).queuePaused,
    updatedAt: now,
  }),
  'adw-monitor': (db, now) => {
    const runs = db.adwRun
      .getAll()
      .sort(byNumber((run) => -run.startedAt))
      .map(({ adwId, issueNumber, workflow, progress, status, startedAt }) => {
        const phase = phaseAtProgress(progress)
        return { adwId, issueNumber, workflow, phase, currentStep: status === 'running' ? STEP_OF_PHASE[phase] : status, progress, status, startedAt }
      })
    const count = (status: string) => runs.filter((run) => run.status === status).length
    return { runs, summary: { total: runs.length, running: count('running'), completed: count('completed'), failed: count('failed') }, updatedAt: now }
  },
  workflows: (db, now) => ({
    workflows: db.workflow.getAll().map(({ id, name, description, phases, enabled, runsToday }) => ({ id, name, description, phases: [...phases], enabled, runsToday })),
    updatedAt: now,
  }),
  routes: (db, now) => ({
    routes: db.route.getAll().map(({ method, path, handler, description, requestsPerMinute }) => ({ method, path, handler, description, requestsPerMinute })),
    updatedAt: now,
  }),
  'workflow-history': (db, now) => {
    const world = worldOf(db)
    const totalRuns = world.completedRuns + world.failedRuns
    return {
      items: db.historyItem
        .getAll()
        .sort(byNumber((item) => -item.completedAt))
        .map(({ adwId, workflow, issueNumber, status, startedAt, completedAt, durationSeconds, costUsd }) => ({
          adwId, workflow, issueNumber, status, startedAt, completedAt, durationSeconds, costUsd,
        })),
      totalRuns,
      successRate: ratio(world.completedRuns, totalRuns),
      updatedAt: now,
    }
  },
  'planned-features': (db, now) => ({
    features: db.plannedFeature.getAll().map(({ id, title, priority, status, estimatedHours, issueNumber }) => ({ id, title, priority, status, estimatedHours, issueNumber })),
    updatedAt: now,
  }),
  'system-status': (db, now) => {
    const world = worldOf(db)
    const services = db.service.getAll().map(({ name, status, latencyMs }) => ({ name, status, latencyMs }))
    const overall = services.reduce<ServiceStatus['status']>((worst, { status }) => (HEALTH_RANK[status] > HEALTH_RANK[worst] ? status : worst), 'healthy')
    return {
      overall,
      services,
      cpuPercent: world.cpuPercent,
      memoryPercent: world.memoryPercent,
      uptimeSeconds: Math.max(0, Math.floor((now - world.startedAt) / 1000)),
      updatedAt: now,
    }
  },
  'webhook-status': (db, now) => ({
    webhooks: db.webhook.getAll().map(({ id, source, event, status, lastDeliveryAt, deliveries, failures, recentFailures }) => ({
      id, source, event, status, lastDeliveryAt, successRate: ratio(deliveries - failures, deliveries), recentFailures,
    })),
    updatedAt: now,
  }),
}

/** The `data` of a feed's frame as the db stands at `now`. Pure: reads the db, changes nothing. */
export const feedSnapshot = <N extends FeedName>(db: DashboardDb, name: N, now: number): FeedDataMap[N] => SNAPSHOTS[name](db, now)
