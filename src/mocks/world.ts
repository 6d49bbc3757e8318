import { messageTypeOf, type FeedName } from '../store/dashboard/feeds'
import type { FeedFrame } from '../demo/model/types'
import { createDashboardDb, type DashboardDb } from './db'
import { evolveFeed, evolveWorld } from './evolve'
import { createSeededRandom } from './random'
import { seedDashboardDb } from './seed'
import { feedSnapshot } from './snapshots'

/** The mock dashboard's data: a seeded db, and one update counter (`seq`) per feed. */
export interface MockWorld {
  readonly db: DashboardDb
  /** The feed's current snapshot frame, carrying the latest `seq`. */
  frame<N extends FeedName>(name: N): FeedFrame<N>
  /** Moves the feed's world one step and counts it: returns the update frame (seq + 1). */
  advance<N extends FeedName>(name: N): FeedFrame<N>
  /** One tick of the whole world; returns the update frame of each feed that changed. */
  tick(): { name: FeedName; frame: FeedFrame }[]
  seq(name: FeedName): number
}

const zeroSeqs = (): Record<FeedName, number> => ({
  queue: 0, 'adw-monitor': 0, workflows: 0, routes: 0, 'workflow-history': 0, 'planned-features': 0, 'system-status': 0, 'webhook-status': 0,
})

/** A fresh world; the same `seed` and clock readings give the same data, frame for frame. */
export const createMockWorld = (seed: number, now: () => number): MockWorld => {
  const db = createDashboardDb()
  const random = createSeededRandom(seed)
  const seqs = zeroSeqs()
  seedDashboardDb(db, random, now())

  const frame = <N extends FeedName>(name: N): FeedFrame<N> => ({ type: messageTypeOf(name), data: feedSnapshot(db, name, now()), seq: seqs[name] })
  const count = <N extends FeedName>(name: N): FeedFrame<N> => {
    seqs[name] += 1
    return frame(name)
  }
  return {
    db,
    frame,
    advance: (name) => {
      evolveFeed(db, name, random, now())
      return count(name)
    },
    tick: () => evolveWorld(db, random, now()).map((name) => ({ name, frame: count(name) })),
    seq: (name) => seqs[name],
  }
}
