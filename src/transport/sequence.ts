import type { Message } from './types'

/**
 * Gap-free updates: every frame of a topic carries the topic's `seq` (SPEC §11). A gap, a repeat
 * or an older seq is never applied as if nothing happened: a repeat or an older one is dropped,
 * a gap makes the endpoint resync (a fresh snapshot). Frames without a seq are never checked.
 */

/** What to do with one frame. */
export type SequenceVerdict =
  | { kind: 'apply' }
  | { kind: 'unchecked' }
  | { kind: 'drop'; reason: 'repeat' | 'older' | 'resyncing' }
  | { kind: 'gap'; expected: number; got: number }

/** What to do with the snapshot a resync fetched. */
export type ResyncVerdict = { kind: 'apply' } | { kind: 'reconnect'; reason: string }

type GuardState =
  /** `resumeFrom`: the socket asked to resume after that seq (`?since=`); a `resumed` frame confirms it. */
  | { kind: 'awaiting-snapshot'; resumeFrom: number | null }
  | { kind: 'tracking'; last: number }
  /** A gap was seen; socket frames wait for the resync snapshot. `seen`: the highest seq heard meanwhile. */
  | { kind: 'resyncing'; last: number; seen: number }

/** A frame's seq when it has a usable one (a non-negative safe integer). */
export const seqOf = (message: Message): number | null =>
  typeof message.seq === 'number' && Number.isSafeInteger(message.seq) && message.seq >= 0 ? message.seq : null

export class SequenceGuard {
  private state: GuardState = { kind: 'awaiting-snapshot', resumeFrom: null }

  /** The seq of the last frame applied, or null before the first snapshot. */
  get lastSeq(): number | null {
    return this.state.kind === 'awaiting-snapshot' ? null : this.state.last
  }

  get resyncing(): boolean {
    return this.state.kind === 'resyncing'
  }

  /** A new socket: its first frame is a snapshot and sets the baseline, whatever came before (a restarted server counts from 0 again). */
  expectSnapshot(resumeFrom: number | null = null): void {
    this.state = { kind: 'awaiting-snapshot', resumeFrom }
  }

  /** Where a reconnect may resume from: the last seq applied, unless no baseline or a resync is open. */
  resumePoint(): number | null {
    return this.state.kind === 'tracking' ? this.state.last : null
  }

  /**
   * The server's `{type:"resumed", seq}`: it replays the frames after `seq` instead of a snapshot.
   * Accepted only as the answer to our own request; true = the baseline is that seq.
   */
  resumed(message: Message): boolean {
    const { state } = this
    if (state.kind !== 'awaiting-snapshot' || state.resumeFrom === null || seqOf(message) !== state.resumeFrom) return false
    this.state = { kind: 'tracking', last: state.resumeFrom }
    return true
  }

  /** A frame from the socket. */
  socketFrame(message: Message): SequenceVerdict {
    const seq = seqOf(message)
    if (seq === null) return { kind: 'unchecked' }
    const { state } = this
    if (state.kind === 'awaiting-snapshot') return this.track(seq)
    if (state.kind === 'resyncing') {
      state.seen = Math.max(state.seen, seq)
      return { kind: 'drop', reason: 'resyncing' }
    }
    if (seq === state.last + 1) return this.track(seq)
    if (seq === state.last) return { kind: 'drop', reason: 'repeat' }
    if (seq < state.last) return { kind: 'drop', reason: 'older' }
    this.state = { kind: 'resyncing', last: state.last, seen: seq }
    return { kind: 'gap', expected: state.last + 1, got: seq }
  }

  /** A fallback poll while no socket is open: a full snapshot and the only source, so it is applied and sets the baseline. */
  polledSnapshot(message: Message): SequenceVerdict {
    const seq = seqOf(message)
    return seq === null ? { kind: 'unchecked' } : this.track(seq)
  }

  /**
   * The snapshot a resync fetched. Applied when it covers every frame the socket sent meanwhile;
   * if the socket already moved past it, only a fresh socket's snapshot can be trusted.
   */
  resyncSnapshot(message: Message): ResyncVerdict {
    const seq = seqOf(message)
    const { state } = this
    if (state.kind !== 'resyncing') return { kind: 'reconnect', reason: 'resync snapshot arrived out of turn' }
    if (seq === null) return { kind: 'reconnect', reason: 'resync snapshot has no seq' }
    if (seq < state.seen) return { kind: 'reconnect', reason: `resync snapshot (seq ${seq}) is older than frames already sent (seq ${state.seen})` }
    this.state = { kind: 'tracking', last: seq }
    return { kind: 'apply' }
  }

  private track(seq: number): SequenceVerdict {
    this.state = { kind: 'tracking', last: seq }
    return { kind: 'apply' }
  }
}
