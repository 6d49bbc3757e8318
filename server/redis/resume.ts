import type { FeedName } from '../../src/store/dashboard/feeds'
import type { TopicBus } from './topicBus'

/**
 * Reconnect recovery: a client that reconnects with `?since=<seq>` (the last seq it applied) gets
 * `{"type":"resumed","seq":<seq>}` and then the frames it missed, instead of a snapshot — when this
 * instance still holds all of them. Otherwise (no since, too old, another epoch) null: the snapshot.
 */
export const resumeFrames = (bus: TopicBus, endpoint: FeedName, url: URL): string[] | null => {
  const since = url.searchParams.get('since')
  if (since === null || !/^\d{1,15}$/.test(since)) return null
  const seq = Number(since)
  const missed = bus.resume(endpoint, seq)
  return missed === null ? null : [JSON.stringify({ type: 'resumed', seq }), ...missed]
}
