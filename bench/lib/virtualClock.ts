import type { Clock } from '../../src/transport/types'

interface Timer {
  at: number
  order: number
  fn: () => void
}

/**
 * Simulated time for a model run: timers fire in time order, as fast as the CPU allows, and the
 * promise callbacks they cause (a fetch answered, a socket opened) run before the next timer. What
 * it measures is the schedule the code makes, free of the machine's load.
 */
export class VirtualClock implements Clock {
  private nowMs = 0
  private order = 0
  private readonly timers = new Map<number, Timer>()

  now(): number {
    return this.nowMs
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.order
    this.timers.set(id, { at: this.nowMs + Math.max(0, ms), order: id, fn })
    return id
  }

  clearTimeout(id: unknown): void {
    if (typeof id === 'number') this.timers.delete(id)
  }

  /** A promise that resolves `ms` of simulated time from now. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms))
  }

  /** Runs every timer due up to `untilMs` (absolute), then stands at `untilMs`. */
  async runUntil(untilMs: number): Promise<void> {
    for (;;) {
      await settled()
      const next = this.next()
      if (next === undefined || next[1].at > untilMs) break
      this.timers.delete(next[0])
      this.nowMs = Math.max(this.nowMs, next[1].at)
      next[1].fn()
    }
    this.nowMs = Math.max(this.nowMs, untilMs)
  }

  get pending(): number {
    return this.timers.size
  }

  private next(): [number, Timer] | undefined {
    let best: [number, Timer] | undefined
    for (const entry of this.timers) {
      const timer = entry[1]
      if (best === undefined || timer.at < best[1].at || (timer.at === best[1].at && timer.order < best[1].order)) best = entry
    }
    return best
  }
}

/** Lets every queued promise callback run (a macrotask turn drains the microtask queue). */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
