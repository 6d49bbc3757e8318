import type { FeedDataMap, PlannedFeature, QueueItem } from '../../src/demo/model/types'
import { type Random, between, chance, intBetween, mulberry32, round } from '../random'
import { PHASES, ROUTES, ROUTE_BASE_RPM, SERVICES, WEBHOOKS, WORKFLOWS } from './catalog'
import {
  type World,
  historyEntryOf,
  jitter,
  newFeature,
  newQueueItem,
  newRun,
  overallOf,
  randomPastTime,
  recordFinishedRun,
  renumberQueue,
  summarizeRuns,
} from './model'

const HOUR = 3_600_000

/** A plausible mid-day world, the same for the same seed. */
export const initialWorld = (seed: number, now: number): World => {
  const random = mulberry32(seed)
  const world: World = {
    feeds: emptyFeeds(now),
    startedAt: now,
    uptimeOffsetSeconds: intBetween(random, 3_600, 14 * 24 * 3_600),
    nextIssueNumber: intBetween(random, 100, 900),
    nextFeatureIndex: 0,
    runTotals: { completed: 0, failed: 0 },
  }
  seedQueue(world, random, now)
  seedRunsAndHistory(world, random, now)
  seedFeatures(world, random)
  const { feeds } = world
  feeds.workflows.workflows = WORKFLOWS.map((workflow) => ({
    ...workflow,
    phases: [...workflow.phases],
    enabled: true,
    runsToday: intBetween(random, 0, 12),
  }))
  feeds.routes.routes = ROUTES.map((route, index) => ({
    ...route,
    requestsPerMinute: jitter(random, ROUTE_BASE_RPM[index] ?? 10, 0.3),
  }))
  const status = feeds['system-status']
  status.services = SERVICES.map((service) => ({
    name: service.name,
    status: 'healthy',
    latencyMs: jitter(random, service.latencyMs, 0.2),
  }))
  status.overall = overallOf(status.services)
  status.cpuPercent = round(between(random, 15, 45), 1)
  status.memoryPercent = round(between(random, 35, 60), 1)
  status.uptimeSeconds = world.uptimeOffsetSeconds
  feeds['webhook-status'].webhooks = WEBHOOKS.map((webhook) => ({
    ...webhook,
    status: 'active',
    lastDeliveryAt: randomPastTime(random, now, HOUR),
    successRate: round(between(random, 0.95, 1), 3),
    recentFailures: 0,
  }))
  return world
}

const emptyFeeds = (now: number): FeedDataMap => ({
  queue: { phases: [], paused: false, updatedAt: now },
  'adw-monitor': { runs: [], summary: { total: 0, running: 0, completed: 0, failed: 0 }, updatedAt: now },
  workflows: { workflows: [], updatedAt: now },
  routes: { routes: [], updatedAt: now },
  'workflow-history': { items: [], totalRuns: 0, successRate: 1, updatedAt: now },
  'planned-features': { features: [], updatedAt: now },
  'system-status': {
    overall: 'healthy',
    services: [],
    cpuPercent: 0,
    memoryPercent: 0,
    uptimeSeconds: 0,
    updatedAt: now,
  },
  'webhook-status': { webhooks: [], updatedAt: now },
})

const seedQueue = (world: World, random: Random, now: number): void => {
  const items: QueueItem[] = []
  for (let index = 0; index < 6; index += 1) {
    const item = newQueueItem(world, random, now - (6 - index) * intBetween(random, 2, 8) * 60_000)
    item.phase = PHASES[Math.max(0, 4 - index)] ?? 'plan'
    items.push(item)
  }
  renumberQueue(items)
  world.feeds.queue.phases = items
}

const seedRunsAndHistory = (world: World, random: Random, now: number): void => {
  // Older runs first, so the history reads newest-first like the live one.
  const pastRuns = intBetween(random, 10, 16)
  world.runTotals = { completed: intBetween(random, 60, 120), failed: intBetween(random, 5, 15) }
  for (let index = pastRuns; index > 0; index -= 1) {
    const completedAt = now - index * intBetween(random, 10, 30) * 60_000
    const run = newRun(world, random, completedAt)
    run.startedAt = completedAt - intBetween(random, 60, 1_800) * 1000
    recordFinishedRun(world, historyEntryOf(run, chance(random, 0.85) ? 'completed' : 'failed', completedAt, random))
  }
  world.feeds['adw-monitor'].runs = Array.from({ length: 3 }, () => newRun(world, random, now, intBetween(random, 5, 80)))
  summarizeRuns(world)
}

const seedFeatures = (world: World, random: Random): void => {
  const features: PlannedFeature[] = []
  for (let index = 0; index < 8; index += 1) {
    const feature = newFeature(world, random)
    feature.status = index < 2 ? 'completed' : index < 4 ? 'in_progress' : 'planned'
    features.push(feature)
  }
  world.feeds['planned-features'].features = features
}
