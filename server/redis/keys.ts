import type { FeedName } from '../../src/store/dashboard/feeds'

/** Redis names of one topic space; `prefix` lets several spaces share one Redis. */
export interface TopicKeys {
  seq(name: FeedName): string
  snapshot(name: FeedName): string
  history(name: FeedName): string
  channel(name: FeedName): string
  generatorLock: string
}

export const topicKeys = (prefix: string): TopicKeys => ({
  seq: (name) => `${prefix}seq:${name}`,
  snapshot: (name) => `${prefix}snapshot:${name}`,
  history: (name) => `${prefix}history:${name}`,
  channel: (name) => `${prefix}feed:${name}`,
  generatorLock: `${prefix}generator`,
})

/** Frames we build put `seq` right after `type`, so reading it needs no JSON.parse of the whole frame. */
const SEQ_NEAR_START = /^\{"type":"[^"]*","seq":(\d+)/

export const seqOfFrame = (text: string): number | null => {
  const match = SEQ_NEAR_START.exec(text)
  return match ? Number(match[1]) : null
}
