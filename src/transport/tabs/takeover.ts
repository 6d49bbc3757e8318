import type { Clock } from '../types'

export interface TakeoverHooks {
  /** This tab follows a known leader that is hidden, and is visible itself. */
  wanted(): boolean
  /** The leader's sockets are paused (its page is hidden): nothing is gained by waiting. */
  leaderPaused(): boolean
  /** Takes the lock from the leader. */
  steal(): void
}

/**
 * A visible follower takes over from a hidden leader: at once when the leader's sockets are
 * paused, else after `afterMs` if it is still wanted then. One steal at a time: the next waits
 * until a leader is known again (`leaderKnown()`).
 */
export class Takeover {
  private timer: unknown = null
  private stealing = false

  constructor(
    private readonly clock: Clock,
    private readonly afterMs: number,
    private readonly hooks: TakeoverHooks,
  ) {}

  /** Looks again (a visibility or the leader's health changed): steals, waits, or cancels the wait. */
  consider(): void {
    if (!this.wanted()) return this.cancel()
    if (this.hooks.leaderPaused()) return this.steal()
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = null
      if (this.wanted()) this.steal()
    }, this.afterMs)
  }

  /** Drops a pending wait (the steal in progress, if any, goes on). */
  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  /** A leader is known again: a later takeover may steal again. */
  leaderKnown(): void {
    this.stealing = false
  }

  /** No wait and no steal: this tab leads, or left the set. */
  reset(): void {
    this.stealing = false
    this.cancel()
  }

  private wanted(): boolean {
    return !this.stealing && this.hooks.wanted()
  }

  private steal(): void {
    this.cancel()
    this.stealing = true
    this.hooks.steal()
  }
}
