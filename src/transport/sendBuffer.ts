/** Outgoing messages kept while an endpoint is not open, oldest first, bounded. */
export class SendBuffer {
  private readonly queue: string[] = []
  constructor(private readonly capacity: number) {}

  /** False when full: the message is not kept. */
  push(payload: string): boolean {
    if (this.queue.length >= this.capacity) return false
    this.queue.push(payload)
    return true
  }

  drain(): string[] {
    return this.queue.splice(0, this.queue.length)
  }

  get size(): number {
    return this.queue.length
  }
}
