import { describe, expect, it } from 'vitest'
import { FEED_NAMES, type FeedName } from '../../src/store/dashboard/feeds'
import type { QueuePhaseName } from '../../src/demo/model/types'
import { mulberry32 } from '../../server/random'
import { PHASES } from '../../server/world/catalog'
import { initialWorld } from '../../server/world/initialWorld'
import type { World } from '../../server/world/model'
import { tickWorld, touchFeed } from '../../server/world/tickWorld'

const T0 = Date.UTC(2025, 0, 6, 12)
const FEATURE_ORDER = ['planned', 'in_progress', 'completed'] as const

/**
 * Runs the generator `ticks` times, one second apart, calling `inspect` after each tick.
 * Inspectors collect broken invariants as strings (one assertion at the end keeps this fast).
 */
const simulate = (seed: number, ticks: number, inspect: (world: World, changed: FeedName[], now: number) => void): World => {
  const world = initialWorld(seed, T0)
  const random = mulberry32(seed + 1)
  for (let tick = 1; tick <= ticks; tick += 1) {
    const now = T0 + tick * 1000
    inspect(world, tickWorld(world, random, now), now)
  }
  return world
}

describe('reference server world generator', () => {
  it('builds the same world for the same seed and a different one for another seed', () => {
    expect(initialWorld(7, T0)).toEqual(initialWorld(7, T0))
    expect(initialWorld(7, T0)).not.toEqual(initialWorld(8, T0))
    const world = initialWorld(7, T0)
    expect(JSON.parse(JSON.stringify(world.feeds))).toEqual(world.feeds)
  })

  it('changes every feed over time, a few per tick, and stamps updatedAt on what changed', () => {
    const seen = new Set<FeedName>()
    const problems: string[] = []
    let largestTick = 0
    simulate(3, 300, (world, changed, now) => {
      changed.forEach((name) => seen.add(name))
      largestTick = Math.max(largestTick, changed.length)
      if (new Set(changed).size !== changed.length) problems.push(`duplicates in ${changed.join()}`)
      for (const name of changed) if (world.feeds[name].updatedAt !== now) problems.push(`${name} not stamped`)
    })
    expect(problems).toEqual([])
    expect([...seen].sort()).toEqual([...FEED_NAMES].sort())
    expect(largestTick).toBeLessThan(FEED_NAMES.length)
  })

  it('moves queue items forward one phase at a time; they leave only after ship; the queue pauses sometimes', () => {
    const lastPhase = new Map<string, QueuePhaseName>()
    const problems: string[] = []
    let pausedTicks = 0
    let shipped = 0
    simulate(11, 1000, (world) => {
      const queue = world.feeds.queue
      if (queue.paused) pausedTicks += 1
      const ids = new Set(queue.phases.map((item) => item.id))
      for (const [id, phase] of lastPhase) {
        if (ids.has(id)) continue
        if (phase === 'ship') shipped += 1
        else problems.push(`${id} left from ${phase}`)
        lastPhase.delete(id)
      }
      queue.phases.forEach((item, index) => {
        if (item.position !== index + 1) problems.push(`${item.id} at position ${item.position}, index ${index}`)
        if (item.status !== (index < 3 ? 'running' : 'queued')) problems.push(`${item.id} ${item.status} at ${index}`)
        const before = lastPhase.get(item.id)
        const step = before ? PHASES.indexOf(item.phase) - PHASES.indexOf(before) : 0
        if (step !== 0 && step !== 1) problems.push(`${item.id} ${before} -> ${item.phase}`)
        lastPhase.set(item.id, item.phase)
      })
      if (queue.phases.length === 0 || queue.phases.length > 11) problems.push(`queue length ${queue.phases.length}`)
    })
    expect(problems).toEqual([])
    expect(pausedTicks).toBeGreaterThan(0)
    expect(shipped).toBeGreaterThan(20)
  })

  it('runs ADW workflows from 0 to 100 % and finishes them into the history with cost and duration', () => {
    const progress = new Map<string, number>()
    const finished = new Set<string>()
    const problems: string[] = []
    const world = simulate(5, 1000, (current) => {
      for (const run of current.feeds['adw-monitor'].runs) {
        const before = progress.get(run.adwId) ?? 0
        if (run.progress < before || run.progress >= 100) problems.push(`${run.adwId} ${before} -> ${run.progress}`)
        progress.set(run.adwId, run.progress)
      }
      const history = current.feeds['workflow-history']
      for (const item of history.items) if (progress.has(item.adwId)) finished.add(item.adwId)
      if (history.items.length > 50) problems.push(`history of ${history.items.length}`)
      if (history.successRate < 0 || history.successRate > 1) problems.push(`success rate ${history.successRate}`)
      const { summary, runs } = current.feeds['adw-monitor']
      if (summary.running !== runs.filter((run) => run.status === 'running').length) problems.push('summary.running off')
    })
    expect(problems).toEqual([])
    expect(finished.size).toBeGreaterThan(20)
    const items = world.feeds['workflow-history'].items
    expect(new Set(items.map((item) => item.status))).toContain('completed')
    expect(new Set(items.map((item) => item.status))).toContain('failed')
    for (const item of items) {
      expect(item.durationSeconds).toBeGreaterThan(0)
      expect(item.costUsd).toBeGreaterThanOrEqual(0)
      expect(item.completedAt).toBeGreaterThan(item.startedAt)
    }
    expect(world.feeds.workflows.workflows.reduce((sum, workflow) => sum + workflow.runsToday, 0)).toBeGreaterThan(20)
  })

  it('moves planned features only forward, keeps system status in bounds, degrades services and fails webhooks now and then', () => {
    const featureStatus = new Map<string, number>()
    const problems: string[] = []
    const rates = new Set<number>()
    let unhealthyTicks = 0
    let failingWebhooks = 0
    simulate(9, 1000, (world) => {
      for (const feature of world.feeds['planned-features'].features) {
        const order = FEATURE_ORDER.indexOf(feature.status)
        if (order < (featureStatus.get(feature.id) ?? 0)) problems.push(`${feature.id} went back to ${feature.status}`)
        featureStatus.set(feature.id, order)
      }
      const status = world.feeds['system-status']
      if (status.cpuPercent < 3 || status.cpuPercent > 97) problems.push(`cpu ${status.cpuPercent}`)
      if (status.memoryPercent < 20 || status.memoryPercent > 92) problems.push(`memory ${status.memoryPercent}`)
      if (status.overall !== 'healthy') unhealthyTicks += 1
      failingWebhooks += world.feeds['webhook-status'].webhooks.filter((webhook) => webhook.status === 'failing').length
      world.feeds.routes.routes.forEach((route) => rates.add(route.requestsPerMinute))
    })
    expect(problems).toEqual([])
    expect([...featureStatus.values()].filter((order) => order === 2).length).toBeGreaterThan(5)
    expect(unhealthyTicks).toBeGreaterThan(0)
    expect(failingWebhooks).toBeGreaterThan(0)
    expect(rates.size).toBeGreaterThan(50)
  })

  it('touchFeed always changes the named feed, and names it first', () => {
    const world = initialWorld(1, T0)
    const random = mulberry32(2)
    for (const name of FEED_NAMES) {
      const before = JSON.stringify(world.feeds[name])
      const changed = touchFeed(world, random, name, T0 + 5000)
      expect(changed[0]).toBe(name)
      expect(world.feeds[name].updatedAt).toBe(T0 + 5000)
      expect(JSON.stringify(world.feeds[name])).not.toBe(before)
    }
  })
})
