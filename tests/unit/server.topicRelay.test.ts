import { describe, expect, it } from 'vitest'
import type { FeedName } from '../../src/store/dashboard/feeds'
import { TopicRelay, type StoredFrame, type TopicHistory } from '../../server/redis/topicRelay'

const text = (seq: number) => `{"type":"queue_update","seq":${seq},"data":{"n":${seq}}}`
const frame = (seq: number): StoredFrame => ({ seq, text: text(seq) })

/** A Redis stand-in: the history holds `kept` frames; reads can be made to fail or to wait. */
const fakeHistory = (kept: number[], latest: number) => {
  const reads: string[] = []
  let failing = false
  /** Runs once after the next read of that kind: another instance publishing while we read. */
  const after: Record<'since' | 'snapshot', (() => void) | null> = { since: null, snapshot: null }
  const runAfter = (read: 'since' | 'snapshot'): void => {
    const publish = after[read]
    after[read] = null
    publish?.()
  }
  const history: TopicHistory = {
    async since(_name: FeedName, fromSeq: number) {
      reads.push(`since ${fromSeq}`)
      if (failing) throw new Error('The client is offline')
      const found = kept.filter((seq) => seq >= fromSeq).map(frame)
      runAfter('since')
      return found
    },
    async snapshot(_name: FeedName, ours: StoredFrame) {
      reads.push('snapshot')
      if (failing) throw new Error('The client is offline')
      const found = frame(Math.max(latest, ours.seq))
      runAfter('snapshot')
      return found
    },
  }
  const set = (next: number[], newest: number): void => {
    kept = next
    latest = newest
  }
  return { history, reads, fail: (on: boolean) => { failing = on }, set, afterNext: (read: 'since' | 'snapshot', publish: () => void) => { after[read] = publish } }
}

const relayOf = (redis: ReturnType<typeof fakeHistory>) => {
  const delivered: number[] = []
  const errors: string[] = []
  const relay = new TopicRelay(redis.history, (_name, body) => delivered.push(Number(/"seq":(\d+)/.exec(body)?.[1])), () => frame(0), (error) => errors.push(String(error)))
  return { relay, delivered, errors }
}

describe('TopicRelay (one instance\'s view of a topic)', () => {
  it('starts from the snapshot in Redis, relays seq + 1, and ignores repeats and older frames', async () => {
    const redis = fakeHistory([], 4)
    const { relay, delivered } = relayOf(redis)
    await relay.catchUp('queue')
    for (const seq of [5, 5, 3, 6]) relay.received('queue', text(seq))
    expect(delivered).toEqual([4, 5, 6])
    expect(relay.latest('queue')).toBe(text(6))
  })

  it('a frame that skips ahead is held while the missed ones are read from the history, then relayed in order', async () => {
    const redis = fakeHistory([5, 6, 7], 7)
    const { relay, delivered } = relayOf(redis)
    redis.set([], 4)
    await relay.catchUp('queue')
    redis.set([5, 6, 7], 7)
    relay.received('queue', text(8))
    relay.received('queue', text(9))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(delivered).toEqual([4, 5, 6, 7, 8, 9])
  })

  it('when the history no longer has the missed frames, the newest snapshot goes out (a jump clients resync on)', async () => {
    const redis = fakeHistory([], 2)
    const { relay, delivered } = relayOf(redis)
    await relay.catchUp('queue')
    redis.set([9, 10], 10)
    relay.received('queue', text(10))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(delivered).toEqual([2, 10])
  })

  it('a failed read keeps the held frames (no hole papered over); the next catch-up relays everything', async () => {
    const redis = fakeHistory([], 1)
    const { relay, delivered, errors } = relayOf(redis)
    await relay.catchUp('queue')
    redis.fail(true)
    relay.received('queue', text(4))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(delivered).toEqual([1])
    expect(errors[0]).toMatch(/offline/)
    redis.fail(false)
    redis.set([2, 3, 4], 4)
    await relay.catchUp('queue')
    expect(delivered).toEqual([1, 2, 3, 4])
  })

  it('frames published between the history read and the snapshot read come from the history, not as a jump', async () => {
    const redis = fakeHistory([], 1)
    const { relay, delivered } = relayOf(redis)
    await relay.catchUp('queue')
    // Our link was down; while we read the history, another instance publishes 2..4.
    redis.afterNext('since', () => redis.set([2, 3, 4], 4))
    await relay.catchUp('queue')
    expect(delivered).toEqual([1, 2, 3, 4])
  })

  it('a catch-up asked for while one is reading makes it read once more (a link that came back meanwhile)', async () => {
    const redis = fakeHistory([], 1)
    const { relay, delivered } = relayOf(redis)
    await relay.catchUp('queue')
    let second: Promise<void> = Promise.resolve()
    // The subscriber comes back during the first catch-up, and 2 is published after its reads.
    redis.afterNext('snapshot', () => {
      second = relay.catchUp('queue')
      redis.set([2], 2)
    })
    await relay.catchUp('queue')
    await second
    expect(delivered).toEqual([1, 2])
  })

  it('ignores (and reports) a channel frame without seq', async () => {
    const redis = fakeHistory([], 0)
    const { relay, delivered, errors } = relayOf(redis)
    await relay.catchUp('queue')
    relay.received('queue', '{"type":"queue_update","data":{}}')
    expect(delivered).toEqual([0])
    expect(errors[0]).toMatch(/without seq/)
  })
})
