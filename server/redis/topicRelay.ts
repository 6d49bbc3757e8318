import type { FeedName } from '../../src/store/dashboard/feeds'
import { seqOfFrame } from './keys'

export interface StoredFrame {
  seq: number
  text: string
}

/** What the relay reads from Redis when the pub/sub stream skipped something. */
export interface TopicHistory {
  /** Frames with seq ≥ `fromSeq`, oldest first (the bounded history stream). */
  since(name: FeedName, fromSeq: number): Promise<StoredFrame[]>
  /** The topic's snapshot in Redis; `ours` fills the topic if Redis lost it (never lowering its seq). */
  snapshot(name: FeedName, ours: StoredFrame): Promise<StoredFrame>
}

/** Frames held per topic while Redis cannot be read; the newest are kept (a catch-up reads the rest). */
const MAX_HELD = 1000
const MAX_CATCH_UP_ROUNDS = 3

interface TopicState {
  latest: StoredFrame | null
  /** The last frames relayed, contiguous in seq (a jump starts it afresh): what a resuming client missed. */
  recent: StoredFrame[]
  /** A catch-up is reading Redis; frames heard meanwhile wait in `held`. */
  catchingUp: boolean
  /** A catch-up was asked for during the reads (e.g. the subscriber came back): read once more. */
  readAgain: boolean
  held: StoredFrame[]
}

/**
 * One instance's view of each topic: the newest frame, and the frames relayed to our sockets in
 * seq order. Redis pub/sub is at-most-once, so a frame that skips ahead makes the relay read what it
 * missed from the history stream first; if the history no longer has it, the newest snapshot goes
 * out instead (clients see the jump in `seq` and resync).
 */
export class TopicRelay {
  private readonly topics = new Map<FeedName, TopicState>()

  constructor(
    private readonly history: TopicHistory,
    private readonly deliver: (name: FeedName, text: string) => void,
    /** The frame to seed an empty Redis with, before this instance heard anything. */
    private readonly initialFrame: (name: FeedName) => StoredFrame,
    private readonly reportError: (error: unknown) => void,
    private readonly recentLimit = 1000,
  ) {}

  latest(name: FeedName): string | null {
    return this.topics.get(name)?.latest?.text ?? null
  }

  latestSeq(name: FeedName): number | null {
    return this.topics.get(name)?.latest?.seq ?? null
  }

  /**
   * The frames after `seq`, when this instance still holds every one of them (a client resuming
   * after a short drop); null when it cannot vouch for them: the client gets the snapshot.
   */
  framesAfter(name: FeedName, seq: number): string[] | null {
    const topic = this.topics.get(name)
    const first = topic?.recent[0]
    const newest = topic?.latest
    if (topic === undefined || first === undefined || !newest || topic.catchingUp) return null
    if (seq > newest.seq || seq + 1 < first.seq) return null
    return topic.recent.slice(seq + 1 - first.seq).map((frame) => frame.text)
  }

  /** A frame from the topic's channel. */
  received(name: FeedName, text: string): void {
    const seq = seqOfFrame(text)
    if (seq === null) return this.reportError(new Error(`${name}: a frame without seq on the channel was ignored`))
    const topic = this.topic(name)
    if (topic.catchingUp) return void topic.held.push({ seq, text })
    const latest = topic.latest
    if (latest !== null && seq <= latest.seq) return
    if (latest === null || seq === latest.seq + 1) return this.apply(name, topic, { seq, text })
    topic.held.push({ seq, text })
    void this.catchUp(name)
  }

  /**
   * Reads what this instance missed (after a reconnect, or a skipped frame) and relays it in order.
   * If Redis cannot be read now, the frames heard meanwhile stay held: the next catch-up (the next
   * frame, or the reconnect) relays them, so a hole is never papered over by a failed read.
   */
  async catchUp(name: FeedName): Promise<void> {
    const topic = this.topic(name)
    if (topic.catchingUp) {
      topic.readAgain = true
      return
    }
    topic.catchingUp = true
    try {
      // Frames heard while reading may still leave a hole (published after our read): read again.
      for (let round = 1; ; round += 1) {
        topic.readAgain = false
        await this.readMissed(name, topic)
        if (this.relayHeld(name, topic, round >= MAX_CATCH_UP_ROUNDS) && !topic.readAgain) return
      }
    } catch (error) {
      if (topic.held.length > MAX_HELD) topic.held.splice(0, topic.held.length - MAX_HELD)
      this.reportError(error)
    } finally {
      topic.catchingUp = false
    }
  }

  /** History after our latest frame; if the history lost some of it, the snapshot (a jump clients resync on). */
  private async readMissed(name: FeedName, topic: TopicState): Promise<void> {
    await this.readHistory(name, topic)
    const snapshot = await this.history.snapshot(name, topic.latest ?? this.initialFrame(name))
    // Published between the two reads: the history has those frames (unless trimmed), so no jump yet.
    if (topic.latest !== null && snapshot.seq > topic.latest.seq + 1) await this.readHistory(name, topic)
    if (topic.latest === null || snapshot.seq > topic.latest.seq) this.apply(name, topic, snapshot)
  }

  private async readHistory(name: FeedName, topic: TopicState): Promise<void> {
    const known = topic.latest
    if (known === null) return
    for (const frame of await this.history.since(name, known.seq + 1)) this.applyIfNext(name, topic, frame)
  }

  /** Relays held frames in order; false (keeping them) at a hole, unless `force` says to jump over it. */
  private relayHeld(name: FeedName, topic: TopicState, force: boolean): boolean {
    topic.held.sort((a, b) => a.seq - b.seq)
    while (topic.held.length > 0) {
      const frame = topic.held[0] as StoredFrame
      const latest = topic.latest
      if (latest !== null && frame.seq > latest.seq + 1 && !force) return false
      topic.held.shift()
      if (latest === null || frame.seq > latest.seq) this.apply(name, topic, frame)
    }
    return true
  }

  private applyIfNext(name: FeedName, topic: TopicState, frame: StoredFrame): void {
    if (topic.latest === null || frame.seq === topic.latest.seq + 1) this.apply(name, topic, frame)
  }

  private apply(name: FeedName, topic: TopicState, frame: StoredFrame): void {
    if (topic.latest === null || frame.seq !== topic.latest.seq + 1) topic.recent = []
    topic.recent.push(frame)
    if (topic.recent.length > this.recentLimit) topic.recent.shift()
    topic.latest = frame
    this.deliver(name, frame.text)
  }

  private topic(name: FeedName): TopicState {
    let topic = this.topics.get(name)
    if (topic === undefined) {
      topic = { latest: null, recent: [], catchingUp: false, readAgain: false, held: [] }
      this.topics.set(name, topic)
    }
    return topic
  }
}
