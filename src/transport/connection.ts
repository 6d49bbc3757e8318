import { backoffDelay, firstRetryDelay } from './backoff'
import { afterFailure, afterStableConnection, beforeAttempt, closedBreaker, earlyProbe, openUntil, tripped, type Breaker, type BreakerConfig } from './circuitBreaker'
import { closePolicy, describeClose } from './closeCodes'
import { CHAOS_KILL_CLOSE_CODE, HEARTBEAT_CLOSE_CODE } from './defaults'
import { HealthReporter } from './healthReporter'
import { SocketSlot } from './socketSlot'
import { InboundDelay } from './inboundDelay'
import { Heartbeat } from './heartbeat'
import { healthOf, labelOf, type ConnectionState } from './connectionState'
import type { EndpointMetricsRecorder } from './metrics'
import { parseFrame } from './frames'
import { Poller } from './polling'
import type { PollRecovery } from './pollRecovery'
import { qualityOf } from './quality'
import { SendBuffer } from './sendBuffer'
import type { ChaosState, Clock, EndpointHealth, FetchLike, HeartbeatConfig, Message, PauseReason, Priority, QualityThresholds, ReconnectConfig, Transition, WebSocketConstructor, WebSocketLike } from './types'

export interface ConnectionSettings {
  name: string
  url: () => string
  priority: Priority
  order: number
  poll: { url: () => string; intervalMs: number } | null
  reconnect: ReconnectConfig
  breaker: BreakerConfig
  heartbeat: HeartbeatConfig | null
  quality: QualityThresholds
  maxMessageBytes: number
  sendBufferSize: number
}

export interface ConnectionEnvironment {
  clock: Clock
  random: () => number
  /** Looked up when a socket is opened, so globals installed after the pool (MSW) still apply. */
  WebSocket: () => WebSocketConstructor
  fetch: FetchLike
  metrics: EndpointMetricsRecorder
  chaos: ChaosState
  /** The pool's shared poll recovery, and this endpoint's host key in it. */
  polls: PollRecovery
  host: () => string
}

/** How a connection talks to its pool. */
export interface ConnectionHooks {
  requestStart(connection: EndpointConnection): void
  cancelStart(connection: EndpointConnection): void
  socketReleased(): void
  /** It failed and now waits to retry: the pool may make it wait for its host instead. */
  retrying(connection: EndpointConnection): void
  opened(connection: EndpointConnection): void
  /** It stopped, paused or gave up: it no longer takes part in a host outage. */
  left(connection: EndpointConnection): void
  message(connection: EndpointConnection, message: Message): void
  health(connection: EndpointHealth, from: EndpointConnection): void
  transition(transition: Transition): void
}

/** One endpoint: at most one socket connecting or open, one state value, one `setState`. */
export class EndpointConnection {
  private state: ConnectionState = { kind: 'idle' }
  private breaker: Breaker = closedBreaker()
  /** Consecutive failed attempts since the last stable connection (drives backoff). */
  private attempt = 0
  private previousDelay: number | undefined
  /** U(0,1) drawn at the start of each failure streak (additive jitter). */
  private streakJitter = 0
  private hasConnected = false
  private droppedAt: number | null = null
  /** A 1013 "try again later" forbids any attempt before this time, even when the host looks back. */
  private notBefore = 0
  private lastError: EndpointHealth['lastError'] = null
  private lastMessageTime: number | null = null
  private latencyMs: number | null = null

  private retryTimer: unknown = null
  private uptimeTimer: unknown = null
  private blockedTimer: unknown = null

  private readonly heartbeat: Heartbeat | null
  private readonly poller: Poller | null
  private readonly sendBuffer: SendBuffer
  private readonly inbound: InboundDelay
  private readonly slot = new SocketSlot()
  private readonly reporter: HealthReporter

  constructor(
    readonly settings: ConnectionSettings,
    private readonly env: ConnectionEnvironment,
    private readonly hooks: ConnectionHooks,
  ) {
    const { clock } = env
    this.heartbeat = settings.heartbeat && new Heartbeat(clock, settings.heartbeat, {
      sendPing: (timestamp) => this.sendNow(JSON.stringify({ type: 'ping', timestamp })),
      onTimeout: () => this.closeLocally(HEARTBEAT_CLOSE_CODE, 'heartbeat timeout'),
    })
    this.poller = settings.poll
      ? new Poller({ ...settings.poll, name: settings.name, priority: settings.priority, order: settings.order, maxBytes: settings.maxMessageBytes }, env.host, clock, env.fetch, env.polls, {
          onMessage: (message, size) => this.deliver(message, size),
          onError: (message) => this.recordError(message),
        })
      : null
    this.sendBuffer = new SendBuffer(settings.sendBufferSize)
    this.inbound = new InboundDelay(clock)
    this.reporter = new HealthReporter(clock, settings.quality, () => this.health(), (health) => this.hooks.health(health, this))
  }

  get name(): string { return this.settings.name }
  get priority(): number { return this.settings.priority }
  get order(): number { return this.settings.order }
  get kind(): ConnectionState['kind'] { return this.state.kind }
  get circuit(): Breaker { return this.breaker }
  get chaos(): ChaosState { return this.env.chaos }

  /** When this connection (or the leader it follows) will try next. */
  nextRetryAt(): number | null {
    const { state } = this
    if (state.kind === 'waiting') return state.retryAt
    if (state.kind === 'following') return state.leader.nextRetryAt()
    return null
  }

  health(): EndpointHealth {
    return healthOf({
      state: this.state,
      breaker: this.breaker,
      breakerConfig: this.settings.breaker,
      hasConnected: this.hasConnected,
      attempt: this.attempt,
      nextRetryAt: this.nextRetryAt(),
      polling: this.poller?.active ?? false,
      lastError: this.lastError,
      lastMessageTime: this.lastMessageTime,
      latencyMs: this.latencyMs,
      quality: this.settings.quality,
      now: this.env.clock.now(),
    })
  }

  // ── commands from the pool ────────────────────────────────────────────────

  /** Begin connecting (through the scheduler), or wait paused when the page says so. */
  start(pausedBy: PauseReason | false = false): void {
    if (this.state.kind !== 'idle' && this.state.kind !== 'failed') return
    if (pausedBy) this.setState({ kind: 'paused', reason: pausedBy }, pausedBy === 'hidden' ? 'tab hidden' : 'browser offline')
    else this.queue('connect requested')
  }

  /** Called by the scheduler when it is this connection's turn to open a socket. */
  beginConnect(): void {
    if (this.state.kind !== 'queued') return
    const { clock, metrics, chaos } = this.env
    const gate = beforeAttempt(this.settings.breaker, this.breaker, clock.now())
    if (!gate.allowed) return this.waitUntil(openUntil(this.settings.breaker, this.breaker) ?? clock.now(), 'circuit open')
    if (gate.breaker !== this.breaker) {
      // Polls stand in for the half-open retries: a single socket probe, in the host's probe slot.
      this.setBreaker(this.poller?.active ? earlyProbe(this.settings.breaker, this.breaker) : gate.breaker, 'recovery timeout elapsed: one probe')
    }
    if (this.breaker.state === 'half-open') this.env.polls.socketProbe(this.env.host())
    metrics.attempts++
    if (chaos.blockConnects) {
      this.setState({ kind: 'connecting', socket: null }, 'connect attempt')
      this.blockedTimer = clock.setTimeout(() => {
        this.blockedTimer = null
        this.socketClosed(1006, 'chaos: connects blocked')
      }, 0)
      return
    }
    let socket: WebSocketLike
    try {
      socket = new (this.env.WebSocket())(this.settings.url())
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return this.giveUp({ message: `cannot open ${this.name}: ${reason} — check the endpoint url`, at: clock.now() })
    }
    this.slot.attach(socket, {
      open: (opened) => this.socketOpened(opened),
      message: (data) => this.messageArrived(data),
      close: (code, reason) => this.socketClosed(code, reason),
    })
    this.setState({ kind: 'connecting', socket }, this.breaker.state === 'half-open' ? 'half-open probe' : 'connect attempt')
  }

  /** Close (1000), clear every timer; a later `start()` begins afresh. */
  stop(): void {
    this.teardown(1000, 'client disconnect')
    this.breaker = closedBreaker()
    this.attempt = 0
    this.previousDelay = undefined
    this.hasConnected = false
    this.droppedAt = null
    this.notBefore = 0
    this.sendBuffer.drain()
    this.setState({ kind: 'idle' }, 'disconnect requested')
    this.hooks.left(this)
  }

  pause(reason: PauseReason): void {
    if (this.state.kind === 'paused' && this.state.reason === reason) return
    if (this.state.kind === 'idle' || this.state.kind === 'failed') return
    this.teardown(1000, `paused: ${reason}`)
    this.setState({ kind: 'paused', reason }, reason === 'hidden' ? 'tab hidden' : 'browser offline')
    this.hooks.left(this)
  }

  resume(): void {
    if (this.state.kind === 'paused') this.queue(`resumed after ${this.state.reason}`)
  }

  /**
   * Proof that the host is back (a poll answered, `online`, the tab visible): an open circuit lets
   * one probe through now instead of at the end of `recoveryTimeout`; if it fails, the circuit re-opens.
   * A 1013 "retry later" still holds, and so does a circuit tripped by hand (chaos). True if a probe was started.
   */
  probeEarly(reason: string): boolean {
    if (this.breaker.state !== 'open' || (this.state.kind !== 'waiting' && this.state.kind !== 'queued')) return false
    if (this.notBefore > this.env.clock.now() || this.env.chaos.tripped) return false
    this.setBreaker(earlyProbe(this.settings.breaker, this.breaker), reason)
    if (this.state.kind === 'waiting') this.queue(reason)
    return true
  }

  /** Another endpoint of the same host probes for both of us. */
  follow(leader: EndpointConnection): void {
    if (this.state.kind !== 'waiting' && this.state.kind !== 'following' && this.state.kind !== 'queued') return
    if (this.state.kind === 'following' && this.state.leader === leader) return this.emitHealth()
    if (this.state.kind === 'queued') this.hooks.cancelStart(this)
    this.clearRetryTimer()
    this.setState({ kind: 'following', leader }, `host outage: ${leader.name} probes`)
  }

  /** The host is back (or the leader left): connect now, through the scheduler — or once a 1013 allows it. */
  release(reason: string): void {
    if (this.state.kind !== 'following') return
    if (this.notBefore > this.env.clock.now()) this.waitUntil(this.notBefore, `${reason}; server asked to retry later`)
    else this.queue(reason)
  }

  /** The leader changed: our health mirrors its circuit and retry time. */
  leaderChanged(): void {
    if (this.state.kind === 'following') { this.refreshFallback(); this.emitHealth() }
  }

  send(payload: string): boolean {
    if (this.state.kind === 'open') return this.sendNow(payload)
    if (this.sendBuffer.push(payload)) return true
    this.env.metrics.sendOverflows++
    this.recordError(`send buffer full (${this.settings.sendBufferSize} messages): an outgoing message was dropped`)
    return false
  }

  // ── chaos ──────────────────────────────────────────────────────────────────

  kill(code: number): void {
    if (this.state.kind === 'open' || this.state.kind === 'connecting') this.closeLocally(code, 'chaos: killed', CHAOS_KILL_CLOSE_CODE)
  }

  trip(): void {
    const now = this.env.clock.now()
    this.env.chaos.tripped = true
    this.env.metrics.circuitOpenings++
    this.setBreaker(tripped(this.breaker, now), 'circuit tripped (chaos)')
    if (this.state.kind === 'idle' || this.state.kind === 'paused' || this.state.kind === 'failed') return
    this.teardown(1000, 'circuit tripped')
    this.waitUntil(openUntil(this.settings.breaker, this.breaker) ?? now, 'circuit tripped (chaos)')
  }

  reset(): void {
    this.env.chaos.tripped = false
    this.attempt = 0
    this.previousDelay = undefined
    this.setBreaker(closedBreaker(), 'circuit reset')
    if (this.state.kind === 'waiting') this.queue('circuit reset')
    else this.emitHealth()
  }

  // ── socket events ─────────────────────────────────────────────────────────

  private socketOpened(socket: WebSocketLike): void {
    const { clock, metrics } = this.env
    const now = clock.now()
    metrics.successes++
    if (this.droppedAt !== null) metrics.reconnectMs.add(now - this.droppedAt)
    this.droppedAt = null
    this.hasConnected = true
    this.setState({ kind: 'open', socket, openedAt: now, stable: false, hostConfirmed: false }, 'connected')
    this.uptimeTimer = clock.setTimeout(() => this.markStable(), this.settings.reconnect.minUptime)
    this.heartbeat?.start()
    this.reporter.watchQuality(() => (this.state.kind === 'open' ? (this.lastMessageTime ?? this.state.openedAt) : null))
    for (const payload of this.sendBuffer.drain()) this.sendNow(payload)
  }

  /**
   * The host really serves us: a first frame arrived (or the socket stayed up minUptime).
   * A bare `open` is not enough — a full server accepts, then closes with 1013 at once.
   */
  private confirmHost(): void {
    if (this.state.kind !== 'open' || this.state.hostConfirmed) return
    this.state.hostConfirmed = true
    this.hooks.opened(this)
  }

  /** The socket stayed up for minUptime: the flap guard lets attempts reset and the circuit close. */
  private markStable(): void {
    this.uptimeTimer = null
    if (this.state.kind !== 'open') return
    this.state.stable = true
    this.confirmHost()
    this.attempt = 0
    this.previousDelay = undefined
    if (this.breaker.state === 'half-open') this.env.metrics.circuitRecoveries++
    if (this.breaker.state !== 'closed' || this.breaker.failures > 0) this.setBreaker(afterStableConnection(), 'connection stayed up')
  }

  /** Chaos latency holds frames back (teardown drops what is held); otherwise straight through. */
  private messageArrived(data: unknown): void {
    const { latencyMs } = this.env.chaos
    if (latencyMs > 0 || this.inbound.holding) this.inbound.push(data, latencyMs, (held) => this.frameReceived(held))
    else this.frameReceived(data)
  }

  private frameReceived(data: unknown): void {
    const { clock, metrics } = this.env
    const frame = parseFrame(data, this.settings.maxMessageBytes)
    metrics.bytesIn += frame.size
    if (!frame.ok) {
      metrics.messagesDropped++
      this.heartbeat?.frameReceived()
      return this.recordError(frame.error)
    }
    const { message } = frame
    if (message.type === 'pong' && this.env.chaos.dropPongs) return
    this.heartbeat?.frameReceived()
    this.confirmHost()
    const now = clock.now()
    this.lastMessageTime = now
    if (message.type === 'pong') {
      if (typeof message.timestamp === 'number') {
        this.latencyMs = Math.max(0, now - message.timestamp)
        metrics.latencyMs.add(this.latencyMs)
      }
      return this.emitHealth()
    }
    if (message.type === 'server_ping') {
      this.sendNow(JSON.stringify({ type: 'pong', timestamp: message.timestamp }))
      return this.touchHealth(now)
    }
    this.deliver(message, 0, now)
  }

  private deliver(message: Message, size: number, now = this.env.clock.now()): void {
    this.env.metrics.messagesIn++
    this.env.metrics.bytesIn += size
    this.lastMessageTime = now
    this.hooks.message(this, message)
    this.touchHealth(now)
  }

  /** Any end of a socket that we did not ask for (or that chaos/heartbeat simulate). */
  private socketClosed(code: number, reason: string): void {
    const { clock, random } = this.env
    const wasStable = this.state.kind === 'open' && this.state.stable
    const wasOpen = this.state.kind === 'open'
    this.teardown()
    const now = clock.now()
    if (wasOpen && this.droppedAt === null) this.droppedAt = now
    const policy = closePolicy(code, reason)
    this.lastError = { message: describeClose(code, reason), code, at: now }
    if (policy.kind === 'fatal') return this.giveUp(this.lastError)
    let delay = wasStable ? firstRetryDelay(this.settings.reconnect, random) : this.failed(now)
    if (policy.kind === 'retry-after') {
      delay = Math.max(delay, policy.delayMs)
      this.notBefore = now + policy.delayMs
    }
    this.waitUntil(now + delay, this.lastError.message, code)
    this.hooks.retrying(this)
  }

  /** A failed attempt: count it, feed the breaker, and return how long to wait before the next one. */
  private failed(now: number): number {
    const { metrics, random } = this.env
    const { reconnect, breaker: breakerConfig } = this.settings
    metrics.failures++
    if (this.attempt === 0) this.streakJitter = random()
    this.attempt++
    const before = this.breaker.state
    this.setBreaker(afterFailure(breakerConfig, this.breaker, now), `${this.breaker.failures + 1} consecutive failures`, false)
    if (this.breaker.state === 'open') {
      if (before !== 'open') metrics.circuitOpenings++
      return breakerConfig.recoveryTimeout
    }
    const attempt = this.breaker.state === 'half-open' ? this.breaker.failedProbes : this.attempt
    // Additive jitter keeps one draw per failure streak: a cohort dropped together then spreads
    // uniformly over attempt·jitterMax, instead of piling into the triangle of summed independent draws.
    const jitter = reconnect.jitter === 'additive' ? () => this.streakJitter : random
    this.previousDelay = backoffDelay(reconnect, attempt, jitter, this.previousDelay)
    return this.previousDelay
  }

  /** We end the socket ourselves but react as if the peer had closed it with `code`. */
  private closeLocally(code: number, reason: string, wireCode = code): void {
    if (this.state.kind !== 'open' && this.state.kind !== 'connecting') return
    this.detachSocket(wireCode, reason)
    this.socketClosed(code, reason)
  }

  // ── state ─────────────────────────────────────────────────────────────────

  /** The one place the connection state changes. */
  private setState(next: ConnectionState, reason: string, code?: number): void {
    const from = labelOf(this.state)
    this.state = next
    this.hooks.transition({ name: this.name, from, to: labelOf(next), reason, at: this.env.clock.now(), kind: 'state', ...(code === undefined ? {} : { code }) })
    this.refreshFallback()
    this.emitHealth()
  }

  private setBreaker(next: Breaker, reason: string, emit = true): void {
    const from = this.breaker.state
    this.breaker = next
    if (from !== next.state) {
      this.hooks.transition({ name: this.name, from: `circuit ${from}`, to: `circuit ${next.state}`, reason, at: this.env.clock.now(), kind: 'circuit' })
    }
    if (emit) { this.refreshFallback(); this.emitHealth() }
  }

  private queue(reason: string): void {
    this.clearRetryTimer()
    this.setState({ kind: 'queued' }, reason)
    this.hooks.requestStart(this)
  }

  private waitUntil(retryAt: number, reason: string, code?: number): void {
    this.clearRetryTimer()
    this.setState({ kind: 'waiting', retryAt }, reason, code)
    this.retryTimer = this.env.clock.setTimeout(() => {
      this.retryTimer = null
      if (this.state.kind === 'waiting') this.queue('retry')
    }, Math.max(0, retryAt - this.env.clock.now()))
  }

  /** Never retried (4401, 4403, 1008, a bad URL): the error stays in health until the app reconnects. */
  private giveUp(error: NonNullable<EndpointHealth['lastError']>): void {
    this.teardown()
    this.lastError = error
    this.setState({ kind: 'failed', error }, error.message, error.code)
    this.hooks.left(this)
  }

  private refreshFallback(): void {
    if (!this.poller) return
    const { state } = this
    const breaker = state.kind === 'following' ? state.leader.circuit : this.breaker
    const outage = state.kind === 'waiting' || state.kind === 'following' || state.kind === 'queued' || state.kind === 'connecting'
    if (outage && breaker.state !== 'closed') this.poller.start()
    else this.poller.stop()
  }

  // ── health ────────────────────────────────────────────────────────────────

  private emitHealth(): void {
    this.reporter.emit()
  }

  /** A message moved lastMessageTime. */
  private touchHealth(now: number): void {
    this.reporter.touch(now, qualityOf(this.settings.quality, this.state.kind === 'open', 0))
  }

  private recordError(message: string): void {
    this.lastError = { message, at: this.env.clock.now() }
    this.emitHealth()
  }


  // ── teardown ──────────────────────────────────────────────────────────────

  private sendNow(payload: string): boolean {
    if (this.state.kind !== 'open') return false
    this.state.socket.send(payload)
    this.env.metrics.messagesOut++
    return true
  }

  /** The one teardown path: detach the socket, stop every timer and the poller. */
  private teardown(code: number | null = null, reason = ''): void {
    this.detachSocket(code, reason)
    this.clearRetryTimer()
    this.clearTimer('uptimeTimer')
    this.clearTimer('blockedTimer')
    this.reporter.stop()
    this.heartbeat?.stop()
    this.inbound.clear()
    this.poller?.stop()
    this.hooks.cancelStart(this)
  }

  /** Forget the current socket (its late events are ignored) and close it if it is still alive. */
  private detachSocket(code: number | null, reason: string): void {
    if (this.slot.detach(code, reason)) this.hooks.socketReleased()
  }

  private clearRetryTimer(): void { this.clearTimer('retryTimer') }

  private clearTimer(field: 'retryTimer' | 'uptimeTimer' | 'blockedTimer'): void {
    if (this[field] !== null) this.env.clock.clearTimeout(this[field])
    this[field] = null
  }
}
