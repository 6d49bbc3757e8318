/**
 * Watches the `seq` of every message one client's transport delivers, per feed, and flags
 * lost, duplicated and stale updates:
 * - within one socket session, after the snapshot, each frame must carry the previous seq + 1
 *   (the server broadcasts every change; a gap is a lost update, a repeat is a duplicate);
 * - a session's first frame (the snapshot) and polled snapshots may repeat the last seq but
 *   never go below it (stale);
 * - a server restart starts a new epoch (seq counts from 0 again): marked with `epoch`.
 * Gaps on a feed the server was told to `silence` are the fault's own doing (it discards the
 * frames) and are counted apart as excused.
 */

export type MonitorEvent =
  | { k: 'epoch' }
  | { k: 'silence'; feeds: string[] }
  /** A socket of `f` opened (a new session starts). */
  | { k: 's'; f: string }
  /** A message of `f`; `live` = it came while the socket was open (else: a polled snapshot). */
  | { k: 'm'; f: string; seq: unknown; live: boolean }

export interface MonitorCounts {
  messages: number
  socketFrames: number
  polled: number
  sessions: number
  /** Snapshots (session start or poll) that repeated the last seq: a resync, not an update. */
  resyncs: number
  lost: number
  duplicated: number
  stale: number
  excusedGaps: number
  missingSeq: number
}

interface FeedWatch {
  last: number | null
  inSession: boolean
  fresh: boolean
  tainted: boolean
}

const MAX_VIOLATIONS = 50

export class SessionMonitor {
  readonly counts: MonitorCounts = { messages: 0, socketFrames: 0, polled: 0, sessions: 0, resyncs: 0, lost: 0, duplicated: 0, stale: 0, excusedGaps: 0, missingSeq: 0 }
  readonly violations: string[] = []
  private readonly feeds = new Map<string, FeedWatch>()
  private silenced = new Set<string>()
  private epoch = 0

  constructor(private readonly label: string) {}

  get violationCount(): number {
    return this.counts.lost + this.counts.duplicated + this.counts.stale + this.counts.missingSeq
  }

  apply(event: MonitorEvent): void {
    switch (event.k) {
      case 'epoch':
        this.epoch += 1
        for (const watch of this.feeds.values()) Object.assign(watch, { last: null, inSession: false, fresh: false })
        return
      case 'silence':
        this.silenced = new Set(event.feeds)
        for (const feed of event.feeds) this.watch(feed).tainted = true
        return
      case 's':
        this.sessionStarted(event.f)
        return
      case 'm':
        this.message(event.f, event.seq, event.live)
    }
  }

  private watch(feed: string): FeedWatch {
    let watch = this.feeds.get(feed)
    if (watch === undefined) {
      watch = { last: null, inSession: false, fresh: false, tainted: false }
      this.feeds.set(feed, watch)
    }
    return watch
  }

  private sessionStarted(feed: string): void {
    const watch = this.watch(feed)
    watch.inSession = true
    watch.fresh = true
    watch.tainted = this.silenced.has(feed)
    this.counts.sessions += 1
  }

  private message(feed: string, seq: unknown, live: boolean): void {
    this.counts.messages += 1
    if (typeof seq !== 'number' || !Number.isInteger(seq)) {
      this.counts.missingSeq += 1
      return this.flag(`${feed}: message without an integer seq (${JSON.stringify(seq)})`)
    }
    const watch = this.watch(feed)
    if (!live) {
      watch.inSession = false
      this.counts.polled += 1
      this.snapshot(feed, watch, seq, 'polled snapshot')
      return
    }
    this.counts.socketFrames += 1
    if (!watch.inSession) this.sessionStarted(feed) // the monitor was attached to an open socket
    if (watch.fresh) {
      watch.fresh = false
      this.snapshot(feed, watch, seq, 'session snapshot')
      return
    }
    const last = watch.last ?? seq - 1
    if (seq === last + 1) {
      watch.last = seq
    } else if (seq <= last) {
      this.counts.duplicated += 1
      this.flag(`${feed}: seq ${seq} after ${last} on one socket (duplicate or out of order)`)
    } else if (watch.tainted) {
      this.counts.excusedGaps += 1
      watch.last = seq
    } else {
      this.counts.lost += 1
      this.flag(`${feed}: seq jumped ${last} → ${seq} on one socket (${seq - last - 1} update(s) lost)`)
      watch.last = seq
    }
  }

  private snapshot(feed: string, watch: FeedWatch, seq: number, what: string): void {
    if (watch.last !== null && seq < watch.last) {
      this.counts.stale += 1
      this.flag(`${feed}: ${what} seq ${seq} is older than the ${watch.last} already seen (stale)`)
      return
    }
    if (watch.last === seq) this.counts.resyncs += 1
    watch.last = seq
  }

  private flag(message: string): void {
    if (this.violations.length < MAX_VIOLATIONS) this.violations.push(`${this.label} (epoch ${this.epoch}): ${message}`)
  }
}
