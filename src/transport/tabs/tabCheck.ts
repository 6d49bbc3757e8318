import type { Clock } from '../types'

export interface TabCheckHooks {
  /** Drops the tabs that did not answer the last roll-call. */
  sweep(): void
  /** Lock requests (held + queued) on the set's lock; null when the lock manager cannot tell. */
  requests(): Promise<number | null>
  /** Participants known from their messages, this one included. */
  known(): number
  /** Asks every tab to say it is there. */
  rollCall(): void
}

/**
 * The leader's periodic look at the lock queue: a tab that crashed never says bye, but its lock
 * request is gone. When the queue and the tabs known disagree (either way: a slow tab may have
 * missed a roll-call), a roll-call follows, and its sweep runs `answerMs` later.
 */
export class TabCheck {
  private timer: unknown = null
  private running = false

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly answerMs: number,
    private readonly hooks: TabCheckHooks,
  ) {}

  start(): void {
    this.running = true
    this.schedule(this.intervalMs)
  }

  stop(): void {
    this.running = false
    this.clear()
  }

  private schedule(ms: number): void {
    this.clear()
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      void this.check()
    }, ms)
  }

  private clear(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  private async check(): Promise<void> {
    this.hooks.sweep()
    this.schedule(this.intervalMs)
    const requests = await this.hooks.requests().catch(() => null)
    if (!this.running || requests === null || requests === this.hooks.known()) return
    this.hooks.rollCall()
    this.schedule(this.answerMs)
  }
}
