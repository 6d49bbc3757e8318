import type { FeedName } from '../../src/store/dashboard/feeds'
import type { FeedSource } from '../feedSource'
import type { FeedFrame } from '../../src/demo/model/types'

/**
 * Where a feed's frames come from and go to. In-process (one server) the generator's world is the
 * truth; with Redis (several instances) Redis is, and every instance only relays what it hears.
 */
export interface TopicBus {
  /** The frame a new socket or a poll gets; null while this instance cannot vouch for it (no Redis). */
  snapshot(name: FeedName): string | null
  /** Sends the current frames of `changed` to every subscriber of those topics (the bus assigns `seq`). */
  publish(changed: readonly FeedName[]): void
  /** The frames after `seq` for a client resuming (`?since=seq`), or null: it gets the snapshot. */
  resume(name: FeedName, seq: number): string[] | null
  /** Whether this instance runs the world generator right now (one instance does, cluster-wide). */
  generating(): boolean
  /** false while snapshots may be stale: new sockets get 1013, polls 503. */
  available(): boolean
  close(): Promise<void>
}

/** A frame as the bus sends it: the feed's frame and when it was published (ms since the epoch). */
export type PublishedFrame = FeedFrame<FeedName> & { publishedAt: number }

/**
 * Today's single-process server: the world and its seq live here; broadcast goes straight to our
 * sockets. Every frame carries `publishedAt` (as in Redis mode): when its state was published, so a
 * snapshot says how old it is and clients can measure publish → applied.
 */
export const localTopicBus = (
  feeds: FeedSource,
  broadcast: (name: FeedName, text: string) => void,
  encode: (frame: PublishedFrame) => string = (frame) => JSON.stringify(frame),
  now: () => number = Date.now,
): TopicBus => {
  const startedAt = now()
  const publishedAt = new Map<FeedName, number>()
  const snapshot = (name: FeedName): string => encode({ ...feeds.frame(name), publishedAt: publishedAt.get(name) ?? startedAt })
  return {
    snapshot,
    publish(changed) {
      const at = now()
      for (const name of changed) {
        publishedAt.set(name, at)
        broadcast(name, snapshot(name))
      }
    },
    // One process keeps no history: a reconnecting client always gets the snapshot.
    resume: () => null,
    generating: () => true,
    available: () => true,
    close: () => Promise.resolve(),
  }
}
