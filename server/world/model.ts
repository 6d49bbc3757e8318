import type {
  AdwRun,
  FeedDataMap,
  PlannedFeature,
  QueueItem,
  QueuePhaseName,
  ServiceStatus,
  WorkflowHistoryItem,
} from '../../src/demo/model/types'
import { type Random, between, chance, intBetween, pick, round } from '../random'
import { FEATURE_TITLES, ISSUE_TITLES, PHASES, STEPS, WORKFLOWS } from './catalog'

/** Everything the generator knows: the 8 feeds' current data plus the counters behind them. */
export interface World {
  feeds: FeedDataMap
  startedAt: number
  uptimeOffsetSeconds: number
  nextIssueNumber: number
  nextFeatureIndex: number
  runTotals: { completed: number; failed: number }
}

/** How many queue items run at once; the rest wait. */
export const QUEUE_CONCURRENCY = 3

export const nextPhase = (phase: QueuePhaseName): QueuePhaseName | null => PHASES[PHASES.indexOf(phase) + 1] ?? null

export const newQueueItem = (world: World, random: Random, now: number): QueueItem => {
  const issueNumber = world.nextIssueNumber++
  return {
    id: `q-${issueNumber}`,
    issueNumber,
    title: pick(random, ISSUE_TITLES),
    phase: 'plan',
    status: 'queued',
    position: 0,
    enqueuedAt: now,
  }
}

/** Positions follow list order; the first few items are the ones running. */
export const renumberQueue = (items: QueueItem[]): void => {
  items.forEach((item, index) => {
    item.position = index + 1
    item.status = index < QUEUE_CONCURRENCY ? 'running' : 'queued'
  })
}

const hexId = (random: Random): string => Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0')

/** Where a run is: its workflow's phases are spread evenly over 0..100 % progress. */
export const placeRun = (run: AdwRun, random: Random): void => {
  const phases = WORKFLOWS.find((workflow) => workflow.id === run.workflow)?.phases ?? PHASES
  const index = Math.min(Math.floor((run.progress / 100) * phases.length), phases.length - 1)
  const phase = phases[index] ?? 'plan'
  if (phase !== run.phase || !STEPS[phase].includes(run.currentStep)) {
    run.phase = phase
    run.currentStep = pick(random, STEPS[phase])
  }
}

export const newRun = (world: World, random: Random, now: number, progress = 0): AdwRun => {
  const workflow = pick(random, WORKFLOWS)
  const run: AdwRun = {
    adwId: `adw-${hexId(random)}`,
    issueNumber: world.nextIssueNumber++,
    workflow: workflow.id,
    phase: 'plan',
    currentStep: '',
    progress,
    status: 'running',
    startedAt: now - Math.round(progress * between(random, 2_000, 6_000)),
  }
  placeRun(run, random)
  return run
}

export const historyEntryOf = (
  run: Pick<AdwRun, 'adwId' | 'workflow' | 'issueNumber' | 'startedAt'>,
  status: WorkflowHistoryItem['status'],
  completedAt: number,
  random: Random,
): WorkflowHistoryItem => {
  const durationSeconds = Math.max(1, Math.round((completedAt - run.startedAt) / 1000))
  return {
    adwId: run.adwId,
    workflow: run.workflow,
    issueNumber: run.issueNumber,
    status,
    startedAt: run.startedAt,
    completedAt,
    durationSeconds,
    costUsd: round(durationSeconds * between(random, 0.002, 0.006), 2),
  }
}

export const HISTORY_LIMIT = 50

/** Records a finished run in the history feed and the running totals behind its success rate. */
export const recordFinishedRun = (world: World, entry: WorkflowHistoryItem): void => {
  const history = world.feeds['workflow-history']
  history.items.unshift(entry)
  history.items.length = Math.min(history.items.length, HISTORY_LIMIT)
  if (entry.status === 'completed') world.runTotals.completed += 1
  if (entry.status === 'failed') world.runTotals.failed += 1
  const { completed, failed } = world.runTotals
  history.totalRuns = completed + failed
  history.successRate = history.totalRuns === 0 ? 1 : round(completed / history.totalRuns, 3)
}

export const summarizeRuns = (world: World): void => {
  const monitor = world.feeds['adw-monitor']
  const running = monitor.runs.filter((run) => run.status === 'running').length
  const { completed, failed } = world.runTotals
  monitor.summary = { total: completed + failed + monitor.runs.length, running, completed, failed }
}

/** The worst service decides the overall status. */
export const overallOf = (services: readonly ServiceStatus[]): ServiceStatus['status'] => {
  if (services.some((service) => service.status === 'down')) return 'down'
  if (services.some((service) => service.status === 'degraded')) return 'degraded'
  return 'healthy'
}

export const jitter = (random: Random, base: number, spread: number): number =>
  Math.max(0, Math.round(base * between(random, 1 - spread, 1 + spread)))

export const randomPastTime = (random: Random, now: number, maxAgeMs: number): number =>
  now - intBetween(random, 1_000, maxAgeMs)

export const newFeature = (world: World, random: Random): PlannedFeature => {
  const index = world.nextFeatureIndex++
  const title = FEATURE_TITLES[index % FEATURE_TITLES.length] ?? 'New feature'
  return {
    id: `feat-${index + 1}`,
    title: index < FEATURE_TITLES.length ? title : `${title} v${Math.floor(index / FEATURE_TITLES.length) + 1}`,
    priority: pick(random, ['high', 'medium', 'low'] as const),
    status: 'planned',
    estimatedHours: intBetween(random, 2, 40),
    issueNumber: chance(random, 0.6) ? world.nextIssueNumber++ : null,
  }
}
