import { describe, expect, it } from 'vitest'
import { describeFeedDataProblem } from '../../src/demo/model/feedShapes'
import type { QueuePhaseName } from '../../src/demo/model/types'
import { FEED_NAMES, type FeedName } from '../../src/store/dashboard'
import { createMockWorld, createSeededRandom, phaseAtProgress, QUEUE_PHASES } from 'zustand-realtime/mocks'

const START = 1_700_000_000_000

/** A world whose clock moves one second per tick, and a way to run it. */
const runWorld = (seed: number, ticks: number) => {
  let now = START
  const world = createMockWorld(seed, () => now)
  const changed: FeedName[][] = []
  for (let tick = 0; tick < ticks; tick += 1) {
    now += 1000
    changed.push(world.tick().map(({ name }) => name))
  }
  return { world, changed, snapshots: FEED_NAMES.map((name) => world.frame(name)) }
}

describe('createSeededRandom', () => {
  it('repeats for a seed, differs between seeds, and stays in range', () => {
    const draw = (seed: number) => {
      const random = createSeededRandom(seed)
      return Array.from({ length: 50 }, () => random.next())
    }
    expect(draw(7)).toEqual(draw(7))
    expect(draw(7)).not.toEqual(draw(8))
    const random = createSeededRandom(3)
    const ints = Array.from({ length: 500 }, () => random.int(2, 5))
    expect(new Set(ints)).toEqual(new Set([2, 3, 4, 5]))
    expect(draw(9).every((value) => value >= 0 && value < 1)).toBe(true)
  })
})

describe('createMockWorld', () => {
  it('is deterministic: the same seed and clock give the same frames, another seed does not', () => {
    expect(runWorld(11, 40).snapshots).toEqual(runWorld(11, 40).snapshots)
    expect(runWorld(11, 40).snapshots).not.toEqual(runWorld(12, 40).snapshots)
  })

  it('keeps every feed\'s data valid for the catalogue over a long run, and counts seq per feed', () => {
    const { world, changed, snapshots } = runWorld(5, 200)
    for (const frame of snapshots) {
      const name = FEED_NAMES.find((candidate) => frame.type === `${candidate.replaceAll('-', '_')}_update`)
      expect(name).toBeDefined()
      if (name !== undefined) {
        expect(describeFeedDataProblem(name, frame.data)).toBeNull()
        expect(frame.seq).toBe(changed.filter((names) => names.includes(name)).length)
        expect(world.seq(name)).toBe(frame.seq)
      }
    }
    expect(changed.flat().length).toBeGreaterThan(200)
  })

  it('moves queue items through plan → build → test → review → document → ship and replaces shipped ones', () => {
    let now = START
    const world = createMockWorld(21, () => now)
    const firstIssues = new Set(world.frame('queue').data.phases.map((item) => item.issueNumber))
    const seenPhases = new Map<number, QueuePhaseName[]>()
    for (let step = 0; step < 300; step += 1) {
      now += 1000
      world.advance('queue')
      for (const item of world.frame('queue').data.phases) {
        const phases = seenPhases.get(item.issueNumber) ?? []
        if (phases.at(-1) !== item.phase) seenPhases.set(item.issueNumber, [...phases, item.phase])
      }
    }
    const issuesNow = world.frame('queue').data.phases.map((item) => item.issueNumber)
    expect(issuesNow.some((issue) => !firstIssues.has(issue))).toBe(true)
    for (const phases of seenPhases.values()) {
      const indexes = phases.map((phase) => QUEUE_PHASES.indexOf(phase))
      expect(indexes.every((index, position) => position === 0 || index === (indexes[position - 1] ?? -2) + 1)).toBe(true)
    }
    expect(world.frame('queue').data.phases.map((item) => item.position)).toEqual(issuesNow.map((_, index) => index + 1))
  })

  it('runs ADW workflows to completion, records them in history and keeps a few running', () => {
    let now = START
    const world = createMockWorld(3, () => now)
    const totalBefore = world.frame('workflow-history').data.totalRuns
    for (let step = 0; step < 60; step += 1) {
      now += 1000
      world.advance('adw-monitor')
    }
    const monitor = world.frame('adw-monitor').data
    expect(monitor.summary.running).toBeGreaterThanOrEqual(3)
    expect(monitor.runs.every((run) => run.progress >= 0 && run.progress <= 100 && run.phase === phaseAtProgress(run.progress))).toBe(true)
    const history = world.frame('workflow-history').data
    expect(history.totalRuns).toBeGreaterThan(totalBefore)
    expect(history.items[0]?.completedAt).toBeGreaterThan(START)
    expect(history.successRate).toBeGreaterThan(0)
    expect(history.successRate).toBeLessThanOrEqual(1)
  })

  it('derives system status from its services and uptime from the clock', () => {
    let now = START
    const world = createMockWorld(8, () => now)
    now += 60_000
    const status = world.frame('system-status').data
    expect(status.uptimeSeconds).toBe(3 * 3600 + 60)
    expect(status.overall).toBe('healthy')
    expect(status.services.map((service) => service.name)).toContain('database')
  })
})
