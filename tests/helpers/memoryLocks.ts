import type { LockManagerLike, LockRequestOptions } from 'zustand-realtime/transport'

interface Waiter {
  clientId: string
  name: string
  callback: (lock: unknown) => Promise<void>
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
}
interface Holding {
  waiter: Waiter
}

const abortError = (): DOMException => new DOMException('The request was aborted.', 'AbortError')

/**
 * An in-memory Web Locks manager shared by several "tabs" (one `client(id)` each): exclusive
 * locks granted in request order, `steal` (the holder's request rejects with AbortError),
 * `signal` aborts of queued requests, `query()`, and `crash(id)` — a tab that vanished: its locks
 * are released and its queued requests dropped, and none of its promises ever settles.
 */
export class MemoryLocks {
  private readonly held = new Map<string, Holding>()
  private readonly queues = new Map<string, Waiter[]>()
  private readonly crashed = new Set<string>()
  /** When set, a holder learns that its lock was stolen this long after the thief got it (a browser's IPC can be that late). */
  depositionDelayMs: number | null = null

  client(clientId: string): LockManagerLike {
    return {
      request: (name, options, callback) => this.request(clientId, name, options, callback),
      query: () => Promise.resolve(this.query()),
    }
  }

  crash(clientId: string): void {
    this.crashed.add(clientId)
    for (const queue of this.queues.values()) {
      for (let i = queue.length - 1; i >= 0; i -= 1) if (queue[i]?.clientId === clientId) queue.splice(i, 1)
    }
    for (const holding of [...this.held.values()]) if (holding.waiter.clientId === clientId) this.release(holding)
  }

  query(): { held: { name: string; mode: string; clientId: string }[]; pending: { name: string; mode: string; clientId: string }[] } {
    const info = (waiter: Waiter) => ({ name: waiter.name, mode: 'exclusive', clientId: waiter.clientId })
    return {
      held: [...this.held.values()].map((holding) => info(holding.waiter)),
      pending: [...this.queues.values()].flat().map(info),
    }
  }

  /** Held plus queued requests: 0 once every tab left cleanly. */
  get requests(): number {
    const snapshot = this.query()
    return snapshot.held.length + snapshot.pending.length
  }

  holderOf(name: string): string | null {
    return this.held.get(name)?.waiter.clientId ?? null
  }

  private request(clientId: string, name: string, options: LockRequestOptions, callback: (lock: unknown) => Promise<void>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.crashed.has(clientId)) return
      const waiter: Waiter = { clientId, name, callback, resolve, reject }
      if (options.signal?.aborted === true) return reject(abortError())
      if (options.steal === true) {
        const holding = this.held.get(name)
        if (holding !== undefined) {
          this.held.delete(name)
          if (this.depositionDelayMs === null) holding.waiter.reject(abortError())
          else setTimeout(() => holding.waiter.reject(abortError()), this.depositionDelayMs)
        }
        return this.grant(waiter)
      }
      const queue = this.queues.get(name) ?? []
      this.queues.set(name, queue)
      if (!this.held.has(name) && queue.length === 0) return this.grant(waiter)
      queue.push(waiter)
      options.signal?.addEventListener('abort', () => {
        const index = queue.indexOf(waiter)
        if (index < 0) return
        queue.splice(index, 1)
        reject(abortError())
      }, { once: true })
    })
  }

  private grant(waiter: Waiter): void {
    const holding: Holding = { waiter }
    this.held.set(waiter.name, holding)
    queueMicrotask(() => {
      let result: Promise<void>
      try {
        result = Promise.resolve(waiter.callback({ name: waiter.name, mode: 'exclusive' }))
      } catch (error) {
        result = Promise.reject(error)
      }
      result.then(
        (value) => {
          this.release(holding)
          waiter.resolve(value)
        },
        (error: unknown) => {
          this.release(holding)
          waiter.reject(error)
        },
      )
    })
  }

  private release(holding: Holding): void {
    const name = holding.waiter.name
    if (this.held.get(name) !== holding) return // stolen or crashed: already gone
    this.held.delete(name)
    const next = this.queues.get(name)?.shift()
    if (next !== undefined) this.grant(next)
  }
}
