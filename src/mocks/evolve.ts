import { FEED_NAMES, type FeedName } from '../store/dashboard/feeds'
import { QUEUE_PHASES, WORLD_ID, type DashboardDb } from './db'
import type { SeededRandom } from './random'
import { ISSUE_TITLES, WORKFLOW_NAMES } from './seed'
import { worldOf } from './snapshots'

const HISTORY_KEPT = 20
const RUNS_KEPT = 8
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value))
const drift = (random: SeededRandom, value: number, step: number, min: number, max: number): number => clamp(value + random.int(-step, step), min, max)

const updateWorld = (db: DashboardDb, data: Parameters<DashboardDb['world']['update']>[0]['data']): void => {
  db.world.update({ where: { id: { equals: WORLD_ID } }, data })
}

const takeIssueNumber = (db: DashboardDb): number => {
  const issueNumber = worldOf(db).nextIssueNumber
  updateWorld(db, { nextIssueNumber: issueNumber + 1 })
  return issueNumber
}

const recordFinishedRun = (db: DashboardDb, random: SeededRandom, now: number, issueNumber: number, workflow: string): void => {
  const world = worldOf(db)
  const failed = random.chance(0.12)
  const durationSeconds = random.int(120, 1500)
  db.historyItem.create({
    adwId: `adw-${world.nextRunNumber}`, workflow, issueNumber, status: failed ? 'failed' : 'completed',
    startedAt: now - durationSeconds * 1000, completedAt: now, durationSeconds, costUsd: random.int(10, 300) / 100,
  })
  updateWorld(db, {
    nextRunNumber: world.nextRunNumber + 1,
    completedRuns: world.completedRuns + (failed ? 0 : 1),
    failedRuns: world.failedRuns + (failed ? 1 : 0),
  })
  const oldest = db.historyItem.getAll().sort((a, b) => b.completedAt - a.completedAt).slice(HISTORY_KEPT)
  for (const item of oldest) db.historyItem.delete({ where: { adwId: { equals: item.adwId } } })
}

/** One step of one feed's world: the next thing that would happen on a busy dashboard. */
const EVOLUTIONS: { readonly [N in FeedName]: (db: DashboardDb, random: SeededRandom, now: number) => void } = {
  queue: (db, random, now) => {
    const items = db.queueItem.getAll().sort((a, b) => a.enqueuedAt - b.enqueuedAt)
    const [first, ...rest] = items
    if (first === undefined) return
    const item = random.pick([first, ...rest])
    const phaseIndex = QUEUE_PHASES.indexOf(item.phase)
    if (item.status === 'running' && item.phase === 'ship') {
      db.queueItem.delete({ where: { id: { equals: item.id } } })
      const issueNumber = takeIssueNumber(db)
      db.queueItem.create({ id: `q-${issueNumber}`, issueNumber, title: random.pick(ISSUE_TITLES), phase: 'plan', status: 'queued', enqueuedAt: now })
      return
    }
    const nextPhase = item.status === 'queued' ? item.phase : (QUEUE_PHASES[phaseIndex + 1] ?? 'ship')
    db.queueItem.update({ where: { id: { equals: item.id } }, data: { phase: nextPhase, status: 'running' } })
  },
  'adw-monitor': (db, random, now) => {
    for (const run of db.adwRun.findMany({ where: { status: { equals: 'running' } } })) {
      const progress = Math.min(100, run.progress + random.int(2, 12))
      const failed = progress < 100 && random.chance(0.02)
      const status = failed ? 'failed' : progress === 100 ? 'completed' : 'running'
      db.adwRun.update({ where: { adwId: { equals: run.adwId } }, data: { progress, status } })
      if (status !== 'running') recordFinishedRun(db, random, now, run.issueNumber, run.workflow)
    }
    if (db.adwRun.count({ where: { status: { equals: 'running' } } }) < 3) {
      const world = worldOf(db)
      db.adwRun.create({
        adwId: `adw-${world.nextRunNumber}`, issueNumber: takeIssueNumber(db), workflow: random.pick(WORKFLOW_NAMES), progress: 0, status: 'running', startedAt: now,
      })
      updateWorld(db, { nextRunNumber: world.nextRunNumber + 1 })
    }
    const stale = db.adwRun.getAll().sort((a, b) => b.startedAt - a.startedAt).slice(RUNS_KEPT)
    for (const run of stale) db.adwRun.delete({ where: { adwId: { equals: run.adwId } } })
  },
  workflows: (db, random) => {
    const enabled = db.workflow.findMany({ where: { enabled: { equals: true } } })
    const [first, ...rest] = enabled
    if (first === undefined) return
    const workflow = random.pick([first, ...rest])
    db.workflow.update({ where: { id: { equals: workflow.id } }, data: { runsToday: workflow.runsToday + 1 } })
  },
  routes: (db, random) => {
    for (const route of db.route.getAll()) {
      db.route.update({ where: { id: { equals: route.id } }, data: { requestsPerMinute: drift(random, route.requestsPerMinute, 8, 0, 600) } })
    }
  },
  'workflow-history': (db, random, now) => {
    recordFinishedRun(db, random, now, random.int(100, worldOf(db).nextIssueNumber), random.pick(WORKFLOW_NAMES))
  },
  'planned-features': (db, random) => {
    const open = db.plannedFeature.getAll().filter((feature) => feature.status !== 'completed')
    const [first, ...rest] = open
    if (first === undefined) {
      db.plannedFeature.updateMany({ where: { status: { equals: 'completed' } }, data: { status: 'planned', issueNumber: null } })
      return
    }
    const feature = random.pick([first, ...rest])
    if (feature.status === 'planned') {
      db.plannedFeature.update({ where: { id: { equals: feature.id } }, data: { status: 'in_progress', issueNumber: takeIssueNumber(db) } })
    } else {
      db.plannedFeature.update({ where: { id: { equals: feature.id } }, data: { status: 'completed' } })
    }
  },
  'system-status': (db, random) => {
    const world = worldOf(db)
    updateWorld(db, { cpuPercent: drift(random, world.cpuPercent, 6, 3, 97), memoryPercent: drift(random, world.memoryPercent, 3, 20, 95) })
    for (const service of db.service.getAll()) {
      const status = random.chance(0.03) ? 'degraded' : random.chance(0.005) ? 'down' : 'healthy'
      const latencyMs = status === 'healthy' ? drift(random, service.baselineMs, Math.ceil(service.baselineMs / 4), 1, 5000) : service.baselineMs * random.int(4, 12)
      db.service.update({ where: { name: { equals: service.name } }, data: { status, latencyMs } })
    }
  },
  'webhook-status': (db, random, now) => {
    const hooks = db.webhook.getAll().filter((hook) => hook.status !== 'disabled')
    const [first, ...rest] = hooks
    if (first === undefined) return
    const hook = random.pick([first, ...rest])
    const failed = random.chance(0.08)
    const recentFailures = failed ? hook.recentFailures + 1 : 0
    db.webhook.update({
      where: { id: { equals: hook.id } },
      data: {
        lastDeliveryAt: now, deliveries: hook.deliveries + 1, failures: hook.failures + (failed ? 1 : 0), recentFailures,
        status: recentFailures >= 3 ? 'failing' : 'active',
      },
    })
  },
}

/** Advances one feed's part of the world by one step. */
export const evolveFeed = (db: DashboardDb, name: FeedName, random: SeededRandom, now: number): void => EVOLUTIONS[name](db, random, now)

/** One tick of the whole world: each feed changes with a feed-specific chance; returns the feeds that changed, in catalogue order. */
export const evolveWorld = (db: DashboardDb, random: SeededRandom, now: number): FeedName[] => {
  const changeChance: Readonly<Record<FeedName, number>> = {
    queue: 0.6, 'adw-monitor': 0.9, workflows: 0.3, routes: 0.5, 'workflow-history': 0.15, 'planned-features': 0.1, 'system-status': 0.8, 'webhook-status': 0.4,
  }
  const changed = FEED_NAMES.filter((name) => random.chance(changeChance[name]))
  for (const name of changed) evolveFeed(db, name, random, now)
  return changed
}
