import type { Clock } from './types'

export interface Startable {
  readonly name: string
  readonly priority: number
  /** Declaration order, to break priority ties. */
  readonly order: number
  beginConnect(): void
}

/**
 * Every socket the pool opens goes through here: one at a time, at least `staggerMs` apart,
 * highest priority first, never more than `maxConnections` connecting or open.
 */
export class ConnectScheduler<T extends Startable> {
  private readonly pending = new Set<T>()
  private timer: unknown = null
  private lastStartAt = Number.NEGATIVE_INFINITY
  private holding = false
  private idleWaiters: (() => void)[] = []

  constructor(
    private readonly clock: Clock,
    private readonly staggerMs: number,
    private readonly maxConnections: number,
    private readonly activeCount: () => number,
  ) {}

  request(item: T): void {
    this.pending.add(item)
    this.pump()
  }

  /** Queue several requests before any starts, so priority order holds among them. */
  batch(enqueue: () => void): void {
    this.holding = true
    try {
      enqueue()
    } finally {
      this.holding = false
    }
    this.pump()
  }

  cancel(item: T): void {
    this.pending.delete(item)
    this.settleIfIdle()
  }

  has(item: T): boolean {
    return this.pending.has(item)
  }

  /** A socket closed: a slot may be free. */
  slotReleased(): void {
    this.pump()
  }

  /** Resolves once nothing waits for its turn (or what waits is blocked by the connection cap). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  dispose(): void {
    this.pending.clear()
    this.clearTimer()
    this.lastStartAt = Number.NEGATIVE_INFINITY
    this.settleIfIdle()
  }

  private pump(): void {
    if (this.timer !== null || this.holding) return
    const next = this.nextInLine()
    if (next === undefined || this.activeCount() >= this.maxConnections) return this.settleIfIdle()
    const wait = this.lastStartAt + this.staggerMs - this.clock.now()
    if (wait > 0) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null
        this.pump()
      }, wait)
      return
    }
    this.pending.delete(next)
    next.beginConnect()
    // Measured after the socket exists: opening one can take a while (first use of a module).
    this.lastStartAt = this.clock.now()
    this.pump()
  }

  private nextInLine(): T | undefined {
    let best: T | undefined
    for (const item of this.pending) {
      if (best === undefined || item.priority < best.priority || (item.priority === best.priority && item.order < best.order)) best = item
    }
    return best
  }

  private isIdle(): boolean {
    return this.pending.size === 0 || (this.timer === null && this.activeCount() >= this.maxConnections)
  }

  private settleIfIdle(): void {
    if (!this.isIdle()) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }
}
