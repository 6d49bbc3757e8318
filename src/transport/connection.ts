import { firstRetryDelay } from './backoff'
import { afterFailure, afterStableConnection, beforeAttempt, closedBreaker, earlyProbe, openUntil, tripped, type Breaker } from './circuitBreaker'
import { CLOSE_UNAUTHORIZED, closePolicy, describeClose } from './closeCodes'
import { CHAOS_KILL_CLOSE_CODE, HEARTBEAT_CLOSE_CODE, RESYNC_CLOSE_CODE } from './defaults'
import { HealthReporter } from './healthReporter'
import { SocketSlot } from './socketSlot'
import { Liveness } from './liveness'
import type { ConnectionEnvironment, ConnectionHooks, ConnectionSettings } from './connectionContract'
import { healthOf, labelOf, type ConnectionState } from './connectionState'
import { refreshCredentials, resolveUrl, type UrlOutcome } from './endpointUrl'
import { failoverGroupOf } from './failover'
import { FailureStreak } from './failureStreak'
import { cappedQuality, qualityOf } from './quality'
import { EndpointTraffic } from './traffic'
import type { AuthConfig, ChaosState, EndpointHealth, FrameVerdict, Message, PauseReason, WebSocketLike } from './types'

/** One endpoint: at most one socket connecting or open, one state value, one `setState`. */
export class EndpointConnection {
  private state: ConnectionState = { kind: 'idle' }
  private breaker: Breaker = closedBreaker()
  /** Consecutive failed attempts since the last stable connection (drives backoff). */
  private readonly streak: FailureStreak
  private hasConnected = false
  private droppedAt: number | null = null
  /** A 1013 "try again later" forbids any attempt before this time, even when the host looks back. */
  private notBefore = 0
  private lastError: EndpointHealth['lastError'] = null
  /** The url of the last socket opened (or the static one): what the pool groups hosts by. */
  private lastUrl: string | null
  /** `auth.refresh()` ran after a 4401 and no socket has been served since: the next 4401 is final. */
  private credentialsRefreshed = false

  private retryTimer: unknown = null
  private uptimeTimer: unknown = null
  private blockedTimer: unknown = null

  private readonly liveness: Liveness
  private readonly traffic: EndpointTraffic
  private readonly slot = new SocketSlot()
  private readonly reporter: HealthReporter

  constructor(
    readonly settings: ConnectionSettings,
    private readonly env: ConnectionEnvironment,
    private readonly hooks: ConnectionHooks,
  ) {
    const { clock } = env
    this.lastUrl = settings.staticUrl
    this.streak = new FailureStreak(settings.reconnect, env.random)
    this.liveness = new Liveness(clock, settings.heartbeat, settings.protocol, {
      send: (frame) => this.traffic.sendNow(frame),
      socketWorked: () => this.state.kind === 'open' && this.state.hostConfirmed,
      dead: () => this.closeLocally(HEARTBEAT_CLOSE_CODE, 'heartbeat timeout'),
      event: (from, to, reason) => this.hooks.transition({ name: this.name, from, to, reason, at: clock.now(), kind: 'heartbeat' }),
      gaveUp: (message) => {
        this.lastError = { message, at: clock.now() }
        this.emitHealth()
      },
    })
    this.traffic = new EndpointTraffic(settings, env, this.liveness, {
      openSocket: () => (this.state.kind === 'open' ? this.state.socket : null),
      confirmHost: () => this.confirmHost(),
      message: (message, via) => this.hooks.message(this, message, via),
      reconnectForSnapshot: (reason) => this.reconnectForSnapshot(reason),
      error: (message, at) => { this.lastError = { message, at } },
      emitHealth: () => this.emitHealth(),
      touchHealth: (now) => this.touchHealth(now),
    })
    this.reporter = new HealthReporter(clock, settings.quality, () => this.health(), (health) => this.hooks.health(health, this))
  }

  get name(): string { return this.settings.name }
  get priority(): number { return this.settings.priority }
  get order(): number { return this.settings.order }
  get kind(): ConnectionState['kind'] { return this.state.kind }
  /** A socket is connecting or open (what `maxConnections` counts); false as soon as it is released. */
  get holdsSocket(): boolean { return this.slot.holds }
  get circuit(): Breaker { return this.breaker }
  get chaos(): ChaosState { return this.env.chaos }
  get knownUrl(): string | null { return this.lastUrl }

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
      attempt: this.streak.attempts,
      nextRetryAt: this.nextRetryAt(),
      polling: this.traffic.polling,
      lastError: this.lastError,
      dataError: this.traffic.dataError,
      lastMessageTime: this.traffic.lastMessageTime,
      latencyMs: this.traffic.latencyMs,
      heartbeat: this.liveness.status,
      quality: this.settings.quality,
      now: this.env.clock.now(),
      sequence: this.traffic.sequenceHealth(),
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
      this.setBreaker(this.traffic.polling ? earlyProbe(this.settings.breaker, this.breaker) : gate.breaker, 'recovery timeout elapsed: one probe')
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
    const url = resolveUrl(this.name, this.settings.url)
    if (!(url instanceof Promise)) return this.openSocket(url)
    // Still one attempt in flight: `connecting` without a socket until the url arrives; a stop,
    // pause or kill meanwhile replaces this state object, and the late url is then ignored.
    const resolving: ConnectionState = { kind: 'connecting', socket: null }
    this.setState(resolving, 'resolving url')
    void url.then((outcome) => { if (this.state === resolving) this.openSocket(outcome) })
  }

  private openSocket(url: UrlOutcome): void {
    const now = this.env.clock.now()
    if (!url.ok) return url.retry ? this.attemptFailed(url.message) : this.giveUp({ message: url.message, at: now })
    let socket: WebSocketLike
    try {
      socket = new (this.env.WebSocket())(this.traffic.socketUrl(url.url, this.droppedAt, now))
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return this.giveUp({ message: `cannot open ${this.name}: ${reason} — check the endpoint url`, at: now })
    }
    this.lastUrl = url.url
    this.slot.attach(socket, {
      open: (opened) => this.socketOpened(opened),
      message: (data) => this.traffic.frameArrived(data),
      close: (code, reason) => this.socketClosed(code, reason),
    })
    this.setState({ kind: 'connecting', socket }, this.breaker.state === 'half-open' ? 'half-open probe' : 'connect attempt')
  }

  /** Close (1000), clear every timer; a later `start()` begins afresh. */
  stop(): void {
    this.teardown(1000, 'client disconnect')
    this.breaker = closedBreaker()
    this.streak.reset()
    this.hasConnected = false
    this.droppedAt = null
    this.notBefore = 0
    this.credentialsRefreshed = false
    this.liveness.reset()
    this.traffic.discardBuffered()
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

  /**
   * The leader's socket is served, so the host is back: an open circuit of ours lets one probe through
   * now (as `probeEarly` does) instead of waiting out its own `recoveryTimeout`; then we connect.
   */
  hostBack(reason: string): void {
    if (this.state.kind !== 'following') return
    if (this.breaker.state === 'open' && !this.env.chaos.tripped) this.setBreaker(earlyProbe(this.settings.breaker, this.breaker), `${reason}: one probe now`)
    this.release(reason)
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

  /** Sent now while open, else kept (bounded) until the socket opens. */
  send(payload: string): boolean {
    return this.traffic.send(payload)
  }

  /** Wake, `online`, tab visible: an open socket must answer a ping (or send anything) within `timeout`, else it is replaced. */
  checkLiveness(reason: string): void {
    if (this.state.kind === 'open') this.liveness.check(reason)
  }

  // ── data verdicts (SPEC §10: never green over empty) ─────────────────────

  /** Data for this endpoint was delivered (from its socket, a poll, or routed from another socket). */
  dataArrived(): void {
    this.traffic.dataArrived()
  }

  acceptData(message: Message): void {
    this.traffic.accept(message)
  }

  rejectData(message: Message, reason: string): void {
    this.traffic.reject(message, reason)
  }

  /** A frame of this socket went to another endpoint (or was a repeat): counted, not an error. */
  foreignFrame(message: Message, verdict: FrameVerdict): void {
    this.traffic.foreignFrame(message, verdict)
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
    this.streak.reset()
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
    this.liveness.opened()
    this.traffic.socketOpened()
    this.reporter.watchQuality(() => (this.state.kind === 'open' ? (this.traffic.lastMessageTime ?? this.state.openedAt) : null))
    this.traffic.flush()
  }

  /**
   * The host really serves us: a first frame arrived (or the socket stayed up minUptime).
   * A bare `open` is not enough — a full server accepts, then closes with 1013 at once.
   */
  private confirmHost(): void {
    if (this.state.kind !== 'open' || this.state.hostConfirmed) return
    this.state.hostConfirmed = true
    this.credentialsRefreshed = false
    this.hooks.opened(this)
  }

  /** The socket stayed up for minUptime: the flap guard lets attempts reset and the circuit close. */
  private markStable(): void {
    this.uptimeTimer = null
    if (this.state.kind !== 'open') return
    this.state.stable = true
    this.confirmHost()
    this.streak.reset()
    if (this.breaker.state === 'half-open') this.env.metrics.circuitRecoveries++
    if (this.breaker.state !== 'closed' || this.breaker.failures > 0) this.setBreaker(afterStableConnection(), 'connection stayed up')
  }

  /** After a seq gap with no poll URL: a new socket, whose first frame is the fresh snapshot. */
  private reconnectForSnapshot(reason: string): void {
    // Not open: whichever socket comes next starts with its own snapshot anyway.
    if (this.state.kind !== 'open') return
    this.teardown(RESYNC_CLOSE_CODE, 'resync')
    this.queue(reason)
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
    if (code === CLOSE_UNAUTHORIZED && this.settings.auth !== null && !this.credentialsRefreshed) return this.refreshAndRetry(this.settings.auth, now)
    if (policy.kind === 'fatal') return this.giveUp(this.lastError)
    let delay = wasStable ? firstRetryDelay(this.settings.reconnect, random, failoverGroupOf(this.settings.url) !== null) : this.failed(now)
    if (policy.kind === 'retry-after') {
      delay = Math.max(delay, policy.delayMs)
      this.notBefore = now + policy.delayMs
    }
    this.waitUntil(now + delay, this.lastError.message, code)
    this.hooks.retrying(this)
  }

  /** An attempt that failed before a socket existed (the url function threw or rejected): backoff as for a failed connect. */
  private attemptFailed(message: string): void {
    this.teardown()
    const now = this.env.clock.now()
    this.lastError = { message, at: now }
    this.waitUntil(now + this.failed(now), message)
    this.hooks.retrying(this)
  }

  /** The first 4401 in a row: `auth.refresh()`, then one reconnect (re-reading the url). No timer: the refresh decides when. */
  private refreshAndRetry(auth: AuthConfig, now: number): void {
    this.credentialsRefreshed = true
    this.lastError = { message: 'closed 4401: unauthorized — refreshing credentials (auth.refresh) and reconnecting once', code: CLOSE_UNAUTHORIZED, at: now }
    const refreshing: ConnectionState = { kind: 'waiting', retryAt: now }
    this.setState(refreshing, this.lastError.message, CLOSE_UNAUTHORIZED)
    void refreshCredentials(this.name, auth).then((failure) => {
      if (this.state !== refreshing) return
      if (failure === null) this.queue('credentials refreshed')
      else this.giveUp({ message: failure, code: CLOSE_UNAUTHORIZED, at: this.env.clock.now() })
    })
  }

  /** A failed attempt: count it, feed the breaker, and return how long to wait before the next one. */
  private failed(now: number): number {
    const { metrics } = this.env
    const { breaker: breakerConfig } = this.settings
    metrics.failures++
    this.streak.failed()
    const before = this.breaker.state
    this.setBreaker(afterFailure(breakerConfig, this.breaker, now), `${this.breaker.failures + 1} consecutive failures`, false)
    if (this.breaker.state === 'open') {
      if (before !== 'open') metrics.circuitOpenings++
      return breakerConfig.recoveryTimeout
    }
    return this.streak.delay(this.breaker.state === 'half-open' ? this.breaker.failedProbes : this.streak.attempts)
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
    const { state } = this
    const breaker = state.kind === 'following' ? state.leader.circuit : this.breaker
    const outage = state.kind === 'waiting' || state.kind === 'following' || state.kind === 'queued' || state.kind === 'connecting'
    this.traffic.setPolling(outage && breaker.state !== 'closed')
  }

  // ── health ────────────────────────────────────────────────────────────────

  private emitHealth(): void {
    this.reporter.emit()
  }

  /** A message moved lastMessageTime. */
  private touchHealth(now: number): void {
    this.reporter.touch(now, cappedQuality(qualityOf(this.settings.quality, this.state.kind === 'open', 0), this.traffic.dataError))
  }

  // ── teardown ──────────────────────────────────────────────────────────────

  /** The one teardown path: detach the socket, stop every timer and the poller. */
  private teardown(code: number | null = null, reason = ''): void {
    this.detachSocket(code, reason)
    this.clearRetryTimer()
    this.clearTimer('uptimeTimer')
    this.clearTimer('blockedTimer')
    this.reporter.stop()
    this.liveness.stop()
    this.traffic.stop()
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
