import type { HeartbeatStatus } from './types'

/** Recorded in `lastError` (once) and in the timeline when the heartbeat gives up on a server. */
export const HEARTBEAT_UNANSWERED_MESSAGE =
  'the server does not answer pings: dead-socket detection is off for this endpoint — set `heartbeat: false` or answer `ping`'

/** Heartbeat timeouts, on sockets that otherwise worked, before we conclude the server never answers pings. */
export const UNANSWERED_TIMEOUTS_LIMIT = 2

/**
 * Does this endpoint's server answer our pings? Until one pong arrives we do not know: a
 * heartbeat timeout on a socket that otherwise worked (it received frames, or stayed up) then
 * counts against the server, and after UNANSWERED_TIMEOUTS_LIMIT of them the heartbeat stops
 * for the session — a server without pongs would otherwise be reconnected every interval + timeout.
 * One pong (even one chaos drops) settles it: timeouts close and reconnect as before, forever.
 */
export class PingSupport {
  private answered = false
  private unansweredTimeouts = 0
  private gaveUp = false

  constructor(private readonly configured: boolean) {}

  get status(): HeartbeatStatus {
    return !this.configured ? 'off' : this.gaveUp ? 'unanswered' : 'on'
  }

  pongSeen(): void {
    this.answered = true
  }

  /** A heartbeat timeout; true when it made us give up on pings (the caller stops the heartbeat and says so). */
  timedOut(socketWorked: boolean): boolean {
    if (this.answered || !socketWorked || this.gaveUp) return false
    this.unansweredTimeouts++
    this.gaveUp = this.unansweredTimeouts >= UNANSWERED_TIMEOUTS_LIMIT
    return this.gaveUp
  }

  /** A new session (`disconnect()` then `connect()`): ask the server again. */
  reset(): void {
    this.answered = false
    this.unansweredTimeouts = 0
    this.gaveUp = false
  }
}
