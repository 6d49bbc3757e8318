import type { Clock, HeartbeatConfig } from './types'

export interface HeartbeatHooks {
  sendPing(timestamp: number): void
  /** No pong and no other frame within `timeout` of a ping. */
  onTimeout(): void
  /** A timer of ours fired `lateMs` after its time (the machine slept, or the tab was throttled): a liveness check follows. */
  onLate(lateMs: number): void
}

/** A timer this much later than scheduled means the clock jumped (sleep): check, don't trust the old schedule. */
const lateAfterMs = (config: HeartbeatConfig): number => Math.max(config.timeout, 1000)

/**
 * Pings every `interval` while a socket is open. Any inbound frame proves the peer alive;
 * only silence for `timeout` after a ping declares it dead. `check()` pings at once (wake,
 * `online`, tab visible); a timer that fires far too late does the same instead of acting on
 * a schedule the sleep made meaningless.
 */
export class Heartbeat {
  private pingTimer: unknown = null
  private pingDueAt = 0
  private timeoutTimer: unknown = null

  constructor(
    private readonly clock: Clock,
    private readonly config: HeartbeatConfig,
    private readonly hooks: HeartbeatHooks,
  ) {}

  start(): void {
    this.stop()
    this.schedulePing()
  }

  stop(): void {
    this.clearPingTimer()
    this.clearTimeoutTimer()
  }

  get running(): boolean {
    return this.pingTimer !== null
  }

  /** Any frame at all: the peer is alive. */
  frameReceived(): void {
    this.clearTimeoutTimer()
  }

  /** Ping now; silence for `timeout` closes. False (nothing sent) when not running or a ping already awaits its answer. */
  check(): boolean {
    if (!this.running || this.timeoutTimer !== null) return false
    this.ping()
    this.schedulePing()
    return true
  }

  private ping(): void {
    this.hooks.sendPing(this.clock.now())
    // Keep the deadline of the first unanswered ping: with interval < timeout a later ping must not push it back.
    if (this.timeoutTimer !== null) return
    const dueAt = this.clock.now() + this.config.timeout
    let rechecked = false
    const onDeadline = () => {
      this.timeoutTimer = null
      const late = this.clock.now() - dueAt
      if (late > lateAfterMs(this.config) && !rechecked) {
        // The deadline passed while we slept: the peer had no chance to answer. Ask again, once.
        rechecked = true
        this.hooks.onLate(late)
        this.hooks.sendPing(this.clock.now())
        this.timeoutTimer = this.clock.setTimeout(onDeadline, this.config.timeout)
        this.schedulePing() // the ping timer slept too: re-base it instead of letting it fire late as well
        return
      }
      this.stop()
      this.hooks.onTimeout()
    }
    this.timeoutTimer = this.clock.setTimeout(onDeadline, this.config.timeout)
  }

  private schedulePing(): void {
    this.clearPingTimer()
    this.pingDueAt = this.clock.now() + this.config.interval
    this.pingTimer = this.clock.setTimeout(() => {
      this.pingTimer = null
      const late = this.clock.now() - this.pingDueAt
      if (late > lateAfterMs(this.config)) {
        this.hooks.onLate(late)
        this.clearTimeoutTimer()
      }
      this.ping()
      this.schedulePing()
    }, this.config.interval)
  }

  private clearPingTimer(): void {
    if (this.pingTimer !== null) this.clock.clearTimeout(this.pingTimer)
    this.pingTimer = null
  }

  private clearTimeoutTimer(): void {
    if (this.timeoutTimer !== null) this.clock.clearTimeout(this.timeoutTimer)
    this.timeoutTimer = null
  }
}
