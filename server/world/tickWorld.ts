import { FEED_NAMES, type FeedName } from '../../src/store/dashboard/feeds'
import { type Random, between, chance, clamp, intBetween, pick, round } from '../random'
import { ROUTE_BASE_RPM, SERVICES } from './catalog'
import {
  type World,
  historyEntryOf,
  jitter,
  newFeature,
  newQueueItem,
  newRun,
  nextPhase,
  overallOf,
  placeRun,
  recordFinishedRun,
  renumberQueue,
  summarizeRuns,
} from './model'

/** Changes one feed (and sometimes feeds that depend on it); returns every feed it changed. */
type FeedTicker = (world: World, random: Random, now: number) => FeedName[]

const MAX_QUEUE = 10
const MAX_RUNS = 5
const MAX_FEATURES = 12

/** Items move plan→…→ship one phase at a time and leave after ship; the queue pauses now and then. */
const tickQueue: FeedTicker = (world, random, now) => {
  const queue = world.feeds.queue
  if (queue.paused) {
    queue.paused = !chance(random, 0.4)
    return ['queue']
  }
  if (chance(random, 0.03)) {
    queue.paused = true
    return ['queue']
  }
  const running = queue.phases.slice(0, 3)
  const mover = running.length > 0 ? pick(random, running) : undefined
  if (mover) {
    const phase = nextPhase(mover.phase)
    if (phase) mover.phase = phase
    else queue.phases = queue.phases.filter((item) => item !== mover)
  }
  if (queue.phases.length < 3 || (queue.phases.length < MAX_QUEUE && chance(random, 0.35))) {
    queue.phases.push(newQueueItem(world, random, now))
  }
  renumberQueue(queue.phases)
  return ['queue']
}

/** Runs creep towards 100 %, then finish (mostly completed) into the history. */
const tickRuns: FeedTicker = (world, random, now) => {
  const monitor = world.feeds['adw-monitor']
  const changed = new Set<FeedName>(['adw-monitor'])
  for (const run of monitor.runs) {
    if (run.status === 'paused') {
      if (chance(random, 0.3)) run.status = 'running'
      continue
    }
    if (chance(random, 0.02)) {
      run.status = 'paused'
      continue
    }
    run.progress = Math.min(100, run.progress + intBetween(random, 2, 9))
    placeRun(run, random)
  }
  for (const run of monitor.runs.filter((candidate) => candidate.progress >= 100)) {
    const status = chance(random, 0.12) ? 'failed' : 'completed'
    recordFinishedRun(world, historyEntryOf(run, status, now, random))
    changed.add('workflow-history')
  }
  monitor.runs = monitor.runs.filter((run) => run.progress < 100)
  if (monitor.runs.length < 2 || (monitor.runs.length < MAX_RUNS && chance(random, 0.2))) {
    const run = newRun(world, random, now)
    monitor.runs.push(run)
    const workflow = world.feeds.workflows.workflows.find((candidate) => candidate.id === run.workflow)
    if (workflow) {
      workflow.runsToday += 1
      changed.add('workflows')
    }
  }
  summarizeRuns(world)
  return [...changed]
}

/** Someone toggles a workflow now and then. */
const tickWorkflows: FeedTicker = (world, random) => {
  const workflow = pick(random, world.feeds.workflows.workflows)
  workflow.enabled = !workflow.enabled || chance(random, 0.5)
  return ['workflows']
}

const tickRoutes: FeedTicker = (world, random) => {
  world.feeds.routes.routes.forEach((route, index) => {
    route.requestsPerMinute = jitter(random, ROUTE_BASE_RPM[index] ?? 10, 0.3)
  })
  return ['routes']
}

/** A finished run that did not come through the monitor (e.g. started by another runner). */
const tickHistory: FeedTicker = (world, random, now) => {
  const run = newRun(world, random, now - intBetween(random, 60, 1_200) * 1000)
  recordFinishedRun(world, historyEntryOf(run, chance(random, 0.1) ? 'cancelled' : 'completed', now, random))
  return ['workflow-history']
}

/** Features move planned → in_progress → completed; new ones get planned; old completed ones drop off. */
const tickFeatures: FeedTicker = (world, random) => {
  const feed = world.feeds['planned-features']
  const inProgress = feed.features.filter((feature) => feature.status === 'in_progress')
  const planned = feed.features.filter((feature) => feature.status === 'planned')
  const starting = planned.length > 0 && (inProgress.length === 0 || (inProgress.length < 3 && chance(random, 0.5)))
  if (starting) {
    pick(random, planned).status = 'in_progress'
  } else if (inProgress.length > 0) {
    pick(random, inProgress).status = 'completed'
    if (chance(random, 0.7) || planned.length === 0) feed.features.push(newFeature(world, random))
  }
  const oldestCompleted = feed.features.findIndex((feature) => feature.status === 'completed')
  if (feed.features.length > MAX_FEATURES && oldestCompleted >= 0) feed.features.splice(oldestCompleted, 1)
  return ['planned-features']
}

/** CPU and memory wander; a service degrades now and then (rarely goes down) and recovers. */
const tickSystem: FeedTicker = (world, random, now) => {
  const status = world.feeds['system-status']
  status.cpuPercent = round(clamp(status.cpuPercent + between(random, -6, 6), 3, 97), 1)
  status.memoryPercent = round(clamp(status.memoryPercent + between(random, -2, 2), 20, 92), 1)
  status.uptimeSeconds = world.uptimeOffsetSeconds + Math.floor((now - world.startedAt) / 1000)
  status.services.forEach((service, index) => {
    if (service.status === 'healthy' && chance(random, 0.01)) service.status = 'degraded'
    else if (service.status === 'degraded') service.status = chance(random, 0.3) ? 'healthy' : chance(random, 0.05) ? 'down' : 'degraded'
    else if (service.status === 'down' && chance(random, 0.5)) service.status = 'degraded'
    const slowdown = service.status === 'healthy' ? 1 : 4
    service.latencyMs = jitter(random, (SERVICES[index]?.latencyMs ?? 20) * slowdown, 0.25)
  })
  status.overall = overallOf(status.services)
  return ['system-status']
}

/** Deliveries land; an endpoint starts failing now and then and recovers later. */
const tickWebhooks: FeedTicker = (world, random, now) => {
  for (const webhook of world.feeds['webhook-status'].webhooks) {
    if (webhook.status === 'disabled') continue
    if (webhook.status === 'active' && chance(random, 0.02)) webhook.status = 'failing'
    else if (webhook.status === 'failing' && chance(random, 0.2)) {
      webhook.status = 'active'
      webhook.recentFailures = 0
    }
    if (!chance(random, 0.4)) continue
    const delivered = webhook.status === 'active' && chance(random, 0.98)
    webhook.lastDeliveryAt = now
    webhook.successRate = round(webhook.successRate * 0.9 + (delivered ? 0.1 : 0), 3)
    if (!delivered) webhook.recentFailures += 1
  }
  return ['webhook-status']
}

export const FEED_TICKERS: Record<FeedName, FeedTicker> = {
  queue: tickQueue,
  'adw-monitor': tickRuns,
  workflows: tickWorkflows,
  routes: tickRoutes,
  'workflow-history': tickHistory,
  'planned-features': tickFeatures,
  'system-status': tickSystem,
  'webhook-status': tickWebhooks,
}

/** How likely each feed is to change on one tick; history mostly changes through finished runs. */
const TICK_CHANCE: Record<FeedName, number> = {
  queue: 0.6,
  'adw-monitor': 1,
  workflows: 0.03,
  routes: 0.5,
  'workflow-history': 0.02,
  'planned-features': 0.15,
  'system-status': 1,
  'webhook-status': 0.5,
}

const stamp = (world: World, changed: Iterable<FeedName>, now: number): FeedName[] => {
  const names = [...new Set(changed)]
  for (const name of names) world.feeds[name].updatedAt = now
  return names
}

/** One generator step: a few feeds change. Returns the changed feed names (each once). */
export const tickWorld = (world: World, random: Random, now: number): FeedName[] => {
  const changed: FeedName[] = []
  for (const name of FEED_NAMES) {
    if (chance(random, TICK_CHANCE[name])) changed.push(...FEED_TICKERS[name](world, random, now))
  }
  return stamp(world, changed, now)
}

/** Forces a change of one feed (control `burst`); returns every feed that changed, `name` first. */
export const touchFeed = (world: World, random: Random, name: FeedName, now: number): FeedName[] =>
  stamp(world, [name, ...FEED_TICKERS[name](world, random, now)], now)
