import { StartQueue, type Lane } from './startQueue'
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
 * highest priority first, never more than `maxConnections` connecting or open. The spacing and the
 * cap are kept by a `StartQueue`, which other pools of the page may share (`joinQueue`).
 */
export class ConnectScheduler<T extends Startable> {
  private readonly pending = new Set<T>()
  private idleWaiters: (() => void)[] = []
  private queue: StartQueue | null = null
  private deferring = false
  private readonly lane: Lane<T>

  constructor(
    clock: Clock,
    staggerMs: number,
    maxConnections: number,
    activeCount: () => number,
    private readonly joinQueue: () => StartQueue = () => new StartQueue(clock),
  ) {
    this.lane = {
      staggerMs,
      maxConnections,
      activeCount,
      waiting: () => this.pending,
      start: (item) => {
        this.pending.delete(item)
        item.beginConnect()
      },
      settle: () => this.settleIfIdle(),
    }
  }

  request(item: T): void {
    this.pending.add(item)
    if (!this.deferring) this.joined().pump()
  }

  /** Queue several requests before any starts, so priority order holds among them. */
  batch(enqueue: () => void): void {
    if (this.queue !== null) return this.queue.batch(enqueue)
    // Not in a queue (before the first request, or after dispose): join only if something asks to start.
    this.deferring = true
    try {
      enqueue()
    } finally {
      this.deferring = false
    }
    if (this.pending.size > 0) this.joined().pump()
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
    this.queue?.pump()
  }

  /** Resolves once nothing waits for its turn (or what waits is blocked by the connection cap). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Leaves the queue (the other pools sharing it carry on); the next request joins afresh. */
  dispose(): void {
    this.pending.clear()
    const queue = this.queue
    this.queue = null
    queue?.leave(this.lane)
    this.settleIfIdle()
  }

  private joined(): StartQueue {
    if (this.queue === null) {
      this.queue = this.joinQueue()
      this.queue.join(this.lane)
    }
    return this.queue
  }

  private isIdle(): boolean {
    if (this.pending.size === 0) return true
    const queue = this.queue
    return queue === null || (!queue.pumping && queue.full(this.lane))
  }

  private settleIfIdle(): void {
    if (!this.isIdle()) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }
}
