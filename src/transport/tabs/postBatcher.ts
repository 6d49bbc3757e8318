import type { ChannelLike } from './environment'
import { envelope, type TabMessage } from './protocol'

/**
 * Coalesces what one task posts (a connect burst: eight health changes and transitions) into one
 * channel message, so every other tab gets one task and one structured clone, not dozens.
 * `flush()` posts at once (before the channel closes).
 */
export class PostBatcher {
  private pending: TabMessage[] | null = null

  constructor(private readonly channel: () => ChannelLike | null) {}

  post(body: TabMessage): void {
    if (this.channel() === null) return
    if (this.pending === null) {
      this.pending = []
      queueMicrotask(() => this.flush())
    }
    this.pending.push(body)
  }

  flush(): void {
    const bodies = this.pending
    this.pending = null
    const channel = this.channel()
    if (bodies === null || bodies.length === 0 || channel === null) return
    try {
      channel.postMessage(envelope(bodies))
    } catch {
      // One body the structured clone refuses (a `send()` payload with a function in it) must not sink the rest.
      for (const body of bodies) {
        try {
          channel.postMessage(envelope([body]))
        } catch (error) {
          console.error(`zustand-realtime: a "${body.kind}" message could not be sent to the other tabs`, error)
        }
      }
    }
  }
}
