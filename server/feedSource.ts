import { messageTypeOf, type FeedName } from '../src/store/dashboard/feeds'
import type { FeedFrame } from '../src/demo/model/types'
import { mulberry32 } from './random'
import { initialWorld } from './world/initialWorld'
import { tickWorld, touchFeed } from './world/tickWorld'

/** The generated world plus one update counter (`seq`) per endpoint. */
export interface FeedSource {
  /** The current snapshot; `data` is live, serialize it before the next change. */
  frame<Name extends FeedName>(name: Name): FeedFrame<Name>
  /** One generator step; returns the feeds that changed (their seq went up by one). */
  tick(now: number): FeedName[]
  /** Forces `name` to change (and whatever depends on it); returns the changed feeds. */
  touch(name: FeedName, now: number): FeedName[]
}

export const createFeedSource = (seed: number, now: number): FeedSource => {
  const world = initialWorld(seed, now)
  // A second stream for the ticks, so the initial world does not depend on how ticks draw.
  const random = mulberry32(seed ^ 0x9e3779b9)
  const seq = new Map<FeedName, number>()
  const bump = (changed: FeedName[]): FeedName[] => {
    for (const name of changed) seq.set(name, (seq.get(name) ?? 0) + 1)
    return changed
  }
  return {
    frame: (name) => ({ type: messageTypeOf(name), data: world.feeds[name], seq: seq.get(name) ?? 0 }),
    tick: (at) => bump(tickWorld(world, random, at)),
    touch: (name, at) => bump(touchFeed(world, random, name, at)),
  }
}
