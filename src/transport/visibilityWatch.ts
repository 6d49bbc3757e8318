import type { Clock } from './types'

/** Hidden at least this long before a liveness check on visible: a quick tab switch cannot have slept. */
export const HIDDEN_LONG_ENOUGH_MS = 1000

/** Measures how long the tab was hidden, by the wall clock (which keeps counting while the machine sleeps). */
export class VisibilityWatch {
  private hiddenAt: number | null = null

  constructor(private readonly clock: Clock) {}

  /** The hidden duration when the tab just became visible after HIDDEN_LONG_ENOUGH_MS or more, else null. */
  visibilityChanged(hidden: boolean): number | null {
    const now = this.clock.now()
    if (hidden) {
      this.hiddenAt ??= now
      return null
    }
    const since = this.hiddenAt
    this.hiddenAt = null
    return since !== null && now - since >= HIDDEN_LONG_ENOUGH_MS ? now - since : null
  }
}
