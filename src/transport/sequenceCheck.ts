import type { EndpointMetricsRecorder } from './metrics'
import { SequenceGuard, type SequenceVerdict } from './sequence'
import { SnapshotFetch } from './snapshotFetch'
import type { FetchLike, Message, SequenceHealth } from './types'

export interface SequenceCheckHooks {
  /** Hand the frame to the subscribers (it passed the checks); `via` says whether a socket or a GET brought it. */
  deliver(message: Message, size: number, via: 'socket' | 'poll'): void
  /** Drop the open socket and connect again: the new socket's first frame is the fresh snapshot. */
  reconnectForSnapshot(reason: string): void
  recordError(message: string): void
  emitHealth(): void
}

export interface SequenceCheckOptions {
  metrics: EndpointMetricsRecorder
  fetch: FetchLike
  /** The endpoint's poll URL: a resync GETs it; null = resync by reconnecting. */
  pollUrl: (() => string) | null
  maxMessageBytes: number
  /** A socket dropped less than this long ago reconnects with `?since=`; 0 = never. */
  resumeWindowMs: number
}

/** `?since=<seq>` (or `&since=`) on a socket URL. */
const withSince = (url: string, since: number): string => `${url}${url.includes('?') ? '&' : '?'}since=${since}`

/**
 * One endpoint's seq checks (SPEC §11) between its sockets and its subscribers: what the guard
 * decides (sequence.ts) turned into deliveries, drops, resyncs and counters, plus the
 * `?since=` of reconnect recovery. The connection only routes frames through it.
 */
export class SequenceCheck {
  private readonly guard = new SequenceGuard()
  private readonly resyncFetch: SnapshotFetch | null
  /** The seq the current socket asked to resume after, or null. */
  private resumeAsked: number | null = null

  constructor(private readonly options: SequenceCheckOptions, private readonly hooks: SequenceCheckHooks) {
    this.resyncFetch = options.pollUrl && new SnapshotFetch(options.fetch, options.pollUrl, options.maxMessageBytes)
  }

  health(): SequenceHealth {
    const { metrics } = this.options
    return { lastSeq: this.guard.lastSeq, resyncing: this.guard.resyncing, gapsDetected: metrics.gapsDetected, resyncs: metrics.resyncs }
  }

  /** The URL of a new socket: with `?since=` after a drop within the window (and a baseline to resume from). */
  socketUrl(url: string, droppedAt: number | null, now: number): string {
    const { resumeWindowMs } = this.options
    const within = resumeWindowMs > 0 && droppedAt !== null && now - droppedAt <= resumeWindowMs
    this.resumeAsked = within ? this.guard.resumePoint() : null
    return this.resumeAsked === null ? url : withSince(url, this.resumeAsked)
  }

  socketOpened(): void {
    this.guard.expectSnapshot(this.resumeAsked)
  }

  socketFrame(message: Message, size: number): void {
    if (message.type === 'resumed') {
      if (this.guard.resumed(message)) this.options.metrics.resumes++
      return
    }
    if (this.admitted(this.guard.socketFrame(message))) this.hooks.deliver(message, size, 'socket')
  }

  polledSnapshot(message: Message, size: number): void {
    if (this.admitted(this.guard.polledSnapshot(message))) this.hooks.deliver(message, size, 'poll')
  }

  /** Teardown: a resync GET in flight is for a socket that is gone. */
  cancel(): void {
    this.resyncFetch?.cancel()
  }

  private admitted(verdict: SequenceVerdict): boolean {
    if (verdict.kind === 'apply' || verdict.kind === 'unchecked') return true
    if (verdict.kind === 'drop') {
      if (verdict.reason !== 'resyncing') this.options.metrics.seqDropped++
      return false
    }
    this.options.metrics.gapsDetected++
    this.resync(`seq gap: expected ${verdict.expected}, got ${verdict.got}`)
    return false
  }

  /** A fresh snapshot after a gap: the poll GET when there is one, else a new socket. */
  private resync(why: string): void {
    this.options.metrics.resyncs++
    this.hooks.emitHealth()
    if (this.resyncFetch === null) return this.hooks.reconnectForSnapshot(`${why}: reconnecting for a snapshot`)
    this.resyncFetch.run({
      snapshot: (message, size) => {
        const verdict = this.guard.resyncSnapshot(message)
        if (verdict.kind === 'reconnect') return this.hooks.reconnectForSnapshot(verdict.reason)
        this.hooks.deliver(message, size, 'poll')
      },
      failed: (reason) => {
        this.hooks.recordError(reason)
        this.hooks.reconnectForSnapshot(reason)
      },
    })
  }
}
