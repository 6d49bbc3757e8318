/**
 * The other participants of a shared connection set, and whether each is visible, from their
 * `hello` / `presence` / `bye` messages. A tab that vanished without `bye` (a crash) is swept
 * after a roll-call it did not answer.
 */
export class Peers {
  private readonly seen = new Map<string, { visible: boolean; at: number }>()
  private rollCallAt: number | null = null

  constructor(private readonly now: () => number) {}

  get count(): number {
    return this.seen.size
  }

  anyVisible(): boolean {
    for (const peer of this.seen.values()) if (peer.visible) return true
    return false
  }

  isVisible(id: string): boolean | null {
    return this.seen.get(id)?.visible ?? null
  }

  /** Returns true when this changed what is known (a new peer, or its visibility). */
  saw(id: string, visible: boolean): boolean {
    const previous = this.seen.get(id)
    this.seen.set(id, { visible, at: this.now() })
    return previous === undefined || previous.visible !== visible
  }

  left(id: string): boolean {
    return this.seen.delete(id)
  }

  /** Starts a roll-call: peers that do not answer before `sweep()` are dropped. */
  rollCall(): void {
    this.rollCallAt = this.now()
  }

  /** Drops the peers silent since the last roll-call; returns true when any was dropped. */
  sweep(): boolean {
    const since = this.rollCallAt
    if (since === null) return false
    this.rollCallAt = null
    let dropped = false
    for (const [id, peer] of this.seen) {
      if (peer.at >= since) continue
      this.seen.delete(id)
      dropped = true
    }
    return dropped
  }

  clear(): void {
    this.seen.clear()
    this.rollCallAt = null
  }
}
