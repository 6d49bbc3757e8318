import type { ConnectionEnvironment, ConnectionSettings } from './connectionContract'
import { DataVerdicts } from './dataVerdicts'
import { InboundDelay } from './inboundDelay'
import { classifyFrame } from './inboundFrame'
import type { Liveness } from './liveness'
import { Poller } from './polling'
import { SendBuffer } from './sendBuffer'
import { SequenceCheck } from './sequenceCheck'
import { SnapshotLoader } from './snapshotLoader'
import type { DataError, FrameVerdict, Message, SequenceHealth, WebSocketLike } from './types'

/** What the traffic of an endpoint needs from its connection (whose state it never changes). */
export interface TrafficHooks {
  /** The socket while the connection is open, else null: only an open socket is written to. */
  openSocket(): WebSocketLike | null
  /** A frame came in on the socket: the host really serves us. */
  confirmHost(): void
  /** A message passed every check: the pool routes it to its subscribers. */
  message(message: Message, via: 'socket' | 'poll'): void
  /** A seq gap with no poll URL: drop the open socket and connect again (its first frame is the snapshot). */
  reconnectForSnapshot(reason: string): void
  /** Sets the endpoint's `lastError`; publishing health is left to the caller. */
  error(message: string, at: number): void
  emitHealth(): void
  /** `lastMessageTime` moved: publish health at the reporter's pace. */
  touchHealth(now: number): void
}

/**
 * The data path of one endpoint, both ways: socket frames read (held back under chaos latency),
 * pongs timed, server pings answered, the seq check, snapshots from polls and the snapshot loader,
 * messages delivered, the data verdicts, and sends (buffered while the connection is not open).
 * The connection's state machine drives it (socket opened, torn down, polls on or off); it never changes that state.
 */
export class EndpointTraffic {
  private lastMessageAt: number | null = null
  private latency: number | null = null
  private readonly poller: Poller | null
  private readonly snapshotLoader: SnapshotLoader | null
  private readonly data: DataVerdicts
  private readonly buffer: SendBuffer
  /** Between the socket and the subscribers when the endpoint checks `seq`. */
  private readonly seq: SequenceCheck | null
  private readonly inbound: InboundDelay

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly env: ConnectionEnvironment,
    private readonly liveness: Liveness,
    private readonly hooks: TrafficHooks,
  ) {
    const { clock } = env
    this.poller = settings.poll
      ? new Poller({ ...settings.poll, name: settings.name, priority: settings.priority, order: settings.order, maxBytes: settings.maxMessageBytes, protocol: settings.protocol }, env.host, clock, env.fetch, env.polls, {
          onMessage: (message, size) => (this.seq ? this.seq.polledSnapshot(message, size) : this.deliver(message, size, clock.now(), 'poll')),
          onError: (message) => this.recordError(message),
        })
      : null
    const snapshotTimeoutMs = settings.poll?.snapshotTimeoutMs ?? null
    this.snapshotLoader = settings.poll && snapshotTimeoutMs !== null
      ? new SnapshotLoader(clock, env.fetch, settings.poll.url, snapshotTimeoutMs, settings.maxMessageBytes, {
          onMessage: (message, size) => this.deliver(message, size, clock.now(), 'poll'),
          onError: (message) => this.recordError(message),
        })
      : null
    this.data = new DataVerdicts(env.metrics)
    this.buffer = new SendBuffer(settings.sendBufferSize)
    this.seq = settings.checkSeq
      ? new SequenceCheck(
          { metrics: env.metrics, fetch: env.fetch, pollUrl: settings.poll?.url ?? null, maxMessageBytes: settings.maxMessageBytes, resumeWindowMs: settings.resumeWindowMs },
          {
            deliver: (message, size, via) => this.deliver(message, size, this.env.clock.now(), via),
            reconnectForSnapshot: (reason) => this.hooks.reconnectForSnapshot(reason),
            recordError: (message) => this.recordError(message),
            emitHealth: () => this.hooks.emitHealth(),
          },
        )
      : null
    this.inbound = new InboundDelay(clock)
  }

  get lastMessageTime(): number | null { return this.lastMessageAt }
  get latencyMs(): number | null { return this.latency }
  get dataError(): DataError | null { return this.data.current }
  /** The polling fallback is running. */
  get polling(): boolean { return this.poller?.active ?? false }
  sequenceHealth(): SequenceHealth | null { return this.seq?.health() ?? null }

  // ── driven by the connection's socket lifecycle ──────────────────────────

  /** The URL of a new socket: with `?since=` when the seq check resumes after a recent drop. */
  socketUrl(url: string, droppedAt: number | null, now: number): string {
    return this.seq ? this.seq.socketUrl(url, droppedAt, now) : url
  }

  /** A socket opened: its first frame is a snapshot (seq check); without data in time, one is loaded. */
  socketOpened(): void {
    this.seq?.socketOpened()
    this.snapshotLoader?.arm()
  }

  /** Polls stand in while the circuit is open and no socket is served (the connection decides). */
  setPolling(on: boolean): void {
    if (on) this.poller?.start()
    else this.poller?.stop()
  }

  /** Teardown: the snapshot load, frames held back, polls and a resync in flight all stop. */
  stop(): void {
    this.snapshotLoader?.stop()
    this.inbound.clear()
    this.poller?.stop()
    this.seq?.cancel()
  }

  // ── inbound ───────────────────────────────────────────────────────────────

  /** Chaos latency holds frames back (`stop` drops what is held); otherwise straight through. */
  frameArrived(data: unknown): void {
    const { latencyMs } = this.env.chaos
    if (latencyMs > 0 || this.inbound.holding) this.inbound.push(data, latencyMs, (held) => this.frameReceived(held))
    else this.frameReceived(data)
  }

  /** A message for the subscribers, from the socket, a poll or a resync. */
  deliver(message: Message, size: number, now: number, via: 'socket' | 'poll'): void {
    this.env.metrics.messagesIn++
    this.env.metrics.bytesIn += size
    this.lastMessageAt = now
    if (via === 'poll') this.tapFrame('in', via, size, message, undefined, now)
    if (this.data.readable()) this.hooks.emitHealth()
    this.hooks.message(message, via)
    this.hooks.touchHealth(now)
  }

  private frameReceived(data: unknown): void {
    const { clock, metrics } = this.env
    const frame = classifyFrame(data, this.settings.maxMessageBytes, this.settings.protocol)
    metrics.bytesIn += frame.size
    if (frame.kind === 'unreadable') {
      metrics.messagesDropped++
      this.liveness.frameReceived()
      this.tapFrame('in', 'socket', frame.size, frame.text, { kind: 'dropped', reason: frame.error })
      this.data.unreadable(frame.error, clock.now())
      return this.recordError(frame.error)
    }
    this.tapFrame('in', 'socket', frame.size, frame.message)
    if (frame.kind === 'pong') {
      // The server answers pings, even when chaos then loses the answer.
      this.liveness.pongSeen()
      if (this.env.chaos.dropPongs) return
    }
    this.liveness.frameReceived()
    this.hooks.confirmHost()
    const now = clock.now()
    this.lastMessageAt = now
    if (frame.kind === 'pong') {
      if (frame.sentAt !== null) {
        this.latency = Math.max(0, now - frame.sentAt)
        metrics.latencyMs.add(this.latency)
      }
      return this.hooks.emitHealth()
    }
    if (frame.kind === 'server-ping') {
      this.sendNow(frame.reply)
      return this.hooks.touchHealth(now)
    }
    if (this.seq) this.seq.socketFrame(frame.message, 0)
    else this.deliver(frame.message, 0, now, 'socket')
  }

  // ── data verdicts (SPEC §10: never green over empty) ─────────────────────

  /** Data for this endpoint was delivered: the snapshot loader need not fetch one. */
  dataArrived(): void {
    this.snapshotLoader?.satisfied()
  }

  accept(message: Message): void {
    if (this.data.accepted()) this.hooks.emitHealth()
    this.announceVerdict(message, { kind: 'accepted' })
  }

  reject(message: Message, reason: string): void {
    const now = this.env.clock.now()
    this.hooks.error(reason, now)
    // The first rejection is a transition; more of them only refresh health at the reporter's pace.
    if (this.data.rejected(reason, now)) this.hooks.emitHealth()
    else this.hooks.touchHealth(now)
    this.announceVerdict(message, { kind: 'rejected', reason })
  }

  /** A frame of this socket went to another endpoint (or was a repeat): counted, not an error. */
  foreignFrame(message: Message, verdict: FrameVerdict): void {
    this.env.metrics.foreignFrames++
    this.announceVerdict(message, verdict)
  }

  private announceVerdict(message: Message, verdict: FrameVerdict): void {
    const { tap, clock } = this.env
    if (tap.active) tap.emit({ kind: 'verdict', name: this.settings.name, message, verdict, at: clock.now() })
  }

  // ── outbound ──────────────────────────────────────────────────────────────

  send(payload: string): boolean {
    if (this.hooks.openSocket() !== null) return this.sendNow(payload)
    if (this.buffer.push(payload)) return true
    this.env.metrics.sendOverflows++
    this.recordError(`send buffer full (${this.settings.sendBufferSize} messages): an outgoing message was dropped`)
    return false
  }

  /** Only while open; false (nothing sent, nothing kept) otherwise. */
  sendNow(payload: string): boolean {
    const socket = this.hooks.openSocket()
    if (socket === null) return false
    socket.send(payload)
    this.env.metrics.messagesOut++
    this.tapFrame('out', 'socket', payload.length, payload)
    return true
  }

  /** The socket opened: what was sent meanwhile goes out, oldest first. */
  flush(): void {
    for (const payload of this.buffer.drain()) this.sendNow(payload)
  }

  /** A disconnect: what was sent meanwhile is dropped. */
  discardBuffered(): void {
    this.buffer.drain()
  }

  private recordError(message: string): void {
    this.hooks.error(message, this.env.clock.now())
    this.hooks.emitHealth()
  }

  /** For the frame inspector: nothing is built (nor the clock read) while nobody listens. */
  private tapFrame(direction: 'in' | 'out', via: 'socket' | 'poll', size: number, body: Message | string, verdict?: FrameVerdict, at?: number): void {
    const { tap, clock } = this.env
    if (tap.active) tap.emit({ kind: 'frame', name: this.settings.name, direction, via, at: at ?? clock.now(), size, body, ...(verdict === undefined ? {} : { verdict }) })
  }
}
