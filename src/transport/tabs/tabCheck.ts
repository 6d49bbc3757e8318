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
  /** The lock queue's count, each time it was read: the exact number of participants. */
  counted(requests: number): void
}

/**
 * The leader's periodic look at the lock queue: one request per participant, so its length is the
 * tab count (crashed tabs included: their requests are gone). When the queue and the tabs known from
 * messages disagree, a roll-call refreshes who is there (and visible); its sweep runs `answerMs` later.
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

  /** Reads the lock queue now (a tab said hello or bye), without waiting for the next period. */
  recount(): void {
    void this.hooks.requests().catch(() => null).then((requests) => {
      if (this.running && requests !== null) this.hooks.counted(requests)
    })
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
    if (!this.running || requests === null) return
    this.hooks.counted(requests)
    if (requests === this.hooks.known()) return
    this.hooks.rollCall()
    this.schedule(this.answerMs)
  }
}
