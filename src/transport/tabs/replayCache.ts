import type { Message } from '../types'
import type { ReplayEntry } from './protocol'

/**
 * The last message of each endpoint and message type, in arrival order: what a tab that opens
 * later replays to reach the current state at once. With snapshot feeds (every update carries
 * the whole slice, SPEC §3) that is exactly the state its own sockets would have built.
 */
export class ReplayCache {
  private readonly latest = new Map<string, ReplayEntry>()

  constructor(private readonly typesPerEndpoint: number) {}

  record(name: string, message: Message): void {
    const key = `${name}\u0000${message.type}`
    this.latest.delete(key)
    this.latest.set(key, { name, message })
    if (this.count(name) > this.typesPerEndpoint) this.dropOldest(name)
  }

  entries(): ReplayEntry[] {
    return [...this.latest.values()]
  }

  clear(): void {
    this.latest.clear()
  }

  private count(name: string): number {
    let count = 0
    for (const entry of this.latest.values()) if (entry.name === name) count += 1
    return count
  }

  private dropOldest(name: string): void {
    for (const [key, entry] of this.latest) {
      if (entry.name !== name) continue
      this.latest.delete(key)
      return
    }
  }
}
