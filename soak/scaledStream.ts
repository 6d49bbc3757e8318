import { isDeepStrictEqual } from 'node:util'

/** What one client's stream of one feed did wrong; each is a count (all must stay 0). */
export interface StreamCounts {
  frames: number
  /** A jump in seq with no snapshot (new socket, poll or resync) to cover it. */
  lost: number
  /** The same seq again carrying other data, or again outside a snapshot. */
  duplicated: number
  /** A seq lower than one already applied (Redis-backed seq never goes back). */
  stale: number
}

/**
 * Checks the frames a store's transport delivered for one feed. With one topic space in Redis seq
 * never goes back across instances; a jump is fine only where a snapshot came (a new session, a
 * poll, a resync: `covered()` says one happened since the last frame).
 */
export class FeedStream {
  readonly counts: StreamCounts = { frames: 0, lost: 0, duplicated: 0, stale: 0 }
  readonly violations: string[] = []
  private last: { seq: number; data: unknown } | null = null

  constructor(private readonly label: string) {}

  frame(seq: unknown, data: unknown, covered: boolean): void {
    this.counts.frames += 1
    if (typeof seq !== 'number') return this.flag('lost', `frame without seq`)
    const last = this.last
    this.last = { seq, data }
    if (last === null) return
    if (seq < last.seq) return this.flag('stale', `seq ${seq} after ${last.seq}`)
    if (seq === last.seq) {
      if (!covered || !isDeepStrictEqual(data, last.data)) this.flag('duplicated', `seq ${seq} twice${covered ? ' with other data' : ''}`)
      return
    }
    if (seq > last.seq + 1 && !covered) this.flag('lost', `seq ${last.seq} → ${seq} with no snapshot between`)
  }

  private flag(kind: 'lost' | 'duplicated' | 'stale', what: string): void {
    this.counts[kind] += 1
    if (this.violations.length < 20) this.violations.push(`${this.label}: ${kind}: ${what}`)
  }
}
