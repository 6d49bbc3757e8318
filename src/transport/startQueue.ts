import type { Clock } from './types'

/** One pool's view of the page queue: its waiting items, its spacing, its cap, its open sockets. */
export interface Lane<T extends QueueItem = QueueItem> {
  readonly staggerMs: number
  readonly maxConnections: number
  activeCount(): number
  waiting(): Iterable<T>
  /** The queue chose `item`: take it off the lane's list and open its socket. */
  start(item: T): void
  /** Something started or a cap was reached: a lane whose `whenIdle()` waits may resolve now. */
  settle(): void
}

export interface QueueItem {
  readonly priority: number
  /** Declaration order inside its pool, to break priority ties. */
  readonly order: number
}

/**
 * The page's socket starts, in one line: one at a time, each at least its pool's `staggerMs` after
 * the previous start of ANY pool in the queue, highest priority first (then the pool that joined first),
 * and never more sockets connecting or open in all pools together than the smallest `maxConnections`
 * any of them set.
 */
export class StartQueue {
  private readonly lanes: Lane[] = []
  private timer: unknown = null
  private lastStartAt = Number.NEGATIVE_INFINITY
  private holding = 0

  constructor(private readonly clock: Clock, private readonly onEmpty: () => void = () => {}) {}

  join(lane: Lane): void {
    if (!this.lanes.includes(lane)) this.lanes.push(lane)
  }

  leave(lane: Lane): void {
    const index = this.lanes.indexOf(lane)
    if (index !== -1) this.lanes.splice(index, 1)
    if (this.lanes.length > 0) return this.pump()
    this.clearTimer()
    this.onEmpty()
  }

  get pumping(): boolean {
    return this.timer !== null
  }

  /** Queue several requests before any starts, so priority order holds among them. */
  batch(enqueue: () => void): void {
    this.holding += 1
    try {
      enqueue()
    } finally {
      this.holding -= 1
    }
    this.pump()
  }

  /** Whether the page (or `lane` itself) has every socket it may have. */
  full(lane: Lane): boolean {
    return lane.activeCount() >= lane.maxConnections || this.activeTotal() >= this.pageCap()
  }

  pump(): void {
    if (this.timer !== null || this.holding > 0) return
    const next = this.nextInLine()
    if (next === undefined || this.activeTotal() >= this.pageCap()) return this.settleAll()
    const wait = this.lastStartAt + next.lane.staggerMs - this.clock.now()
    if (wait > 0) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null
        this.pump()
      }, wait)
      return
    }
    next.lane.start(next.item)
    // Measured after the socket exists: opening one can take a while (first use of a module).
    this.lastStartAt = this.clock.now()
    this.settleAll()
    this.pump()
  }

  private nextInLine(): { lane: Lane; item: QueueItem } | undefined {
    let best: { lane: Lane; item: QueueItem; rank: number } | undefined
    this.lanes.forEach((lane, rank) => {
      if (lane.activeCount() >= lane.maxConnections) return
      for (const item of lane.waiting()) {
        if (best === undefined || item.priority < best.item.priority ||
          (item.priority === best.item.priority && (rank < best.rank || (rank === best.rank && item.order < best.item.order)))) {
          best = { lane, item, rank }
        }
      }
    })
    return best
  }

  private activeTotal(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.activeCount(), 0)
  }

  private pageCap(): number {
    return Math.min(...this.lanes.map((lane) => lane.maxConnections))
  }

  private settleAll(): void {
    for (const lane of [...this.lanes]) lane.settle()
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }
}

// One queue per (WebSocket implementation, clock): pools that open the same kind of socket on the
// same clock share a page. Weak keys, and a queue leaves the map once its last pool disconnects.
const pageQueues = new WeakMap<object, WeakMap<Clock, StartQueue>>()

/** The page-wide queue of pools using `socketImpl` on `clock` (created on first use). */
export function pageStartQueue(socketImpl: object, clock: Clock): StartQueue {
  let byClock = pageQueues.get(socketImpl)
  if (byClock === undefined) {
    byClock = new WeakMap()
    pageQueues.set(socketImpl, byClock)
  }
  const existing = byClock.get(clock)
  if (existing !== undefined) return existing
  const queue = new StartQueue(clock, () => byClock.delete(clock))
  byClock.set(clock, queue)
  return queue
}
