import type { Clock, HeartbeatConfig } from './types'

export interface HeartbeatHooks {
  sendPing(timestamp: number): void
  /** No pong and no other frame within `timeout` of a ping. */
  onTimeout(): void
}

/**
 * Pings every `interval` while a socket is open. Any inbound frame proves the peer alive;
 * only silence for `timeout` after a ping declares it dead.
 */
export class Heartbeat {
  private pingTimer: unknown = null
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

  /** Any frame at all: the peer is alive. */
  frameReceived(): void {
    this.clearTimeoutTimer()
  }

  private schedulePing(): void {
    this.pingTimer = this.clock.setTimeout(() => {
      this.pingTimer = null
      this.hooks.sendPing(this.clock.now())
      // Keep the deadline of the first unanswered ping: with interval < timeout a later ping must not push it back.
      if (this.timeoutTimer === null) this.timeoutTimer = this.clock.setTimeout(() => {
        this.timeoutTimer = null
        this.stop()
        this.hooks.onTimeout()
      }, this.config.timeout)
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
