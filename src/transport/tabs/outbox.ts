import type { ChaosCommand } from './protocol'

export type OutgoingCall = { kind: 'send'; name: string; message: unknown } | { kind: 'chaos'; command: ChaosCommand }
export type Outgoing = OutgoingCall & { id: number }

/**
 * A follower's `send()` and chaos calls on their way to the leader: each is kept until the leader
 * acknowledges its id, and goes out again to a new leader — so a call made during a hand-off, or
 * one that reached a leader that left before acting on it, is not lost (at least once).
 */
export class Outbox {
  private items: Outgoing[] = []
  private nextId = 0

  constructor(
    private readonly limit: number,
    private readonly deliver: (item: Outgoing, leader: string) => void,
  ) {}

  /** Queues the call and sends it to `leader` now when one is known; false when the outbox is full. */
  add(call: OutgoingCall, leader: string | null): boolean {
    if (this.items.length >= this.limit) return false
    this.nextId += 1
    const item: Outgoing = { ...call, id: this.nextId }
    this.items.push(item)
    if (leader !== null) this.deliver(item, leader)
    return true
  }

  resendTo(leader: string): void {
    for (const item of this.items) this.deliver(item, leader)
  }

  acked(id: number): void {
    this.items = this.items.filter((item) => item.id !== id)
  }

  /** Everything still queued (this tab leads now and runs the calls itself). */
  takeAll(): Outgoing[] {
    const items = this.items
    this.items = []
    return items
  }

  clear(): void {
    this.items = []
  }
}
