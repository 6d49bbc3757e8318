import type { ChannelLike } from 'zustand-realtime/transport'

/**
 * BroadcastChannel for unit tests: structured clones delivered to every other open channel of
 * the same name in a microtask (fake timers leave microtasks alone). `open` is the leak check.
 */
export function memoryChannels() {
  const open = new Set<MemoryChannel>()
  let posted = 0
  class MemoryChannel implements ChannelLike {
    onmessage: ((event: MessageEvent) => void) | null = null
    private closed = false

    /** The tab that opened it (`forTab`), so `crash(tab)` can silence it. */
    owner: string | null = null
    /** Its page is gone: what its code still posts goes nowhere. */
    crashed = false

    constructor(readonly name: string) {
      open.add(this)
    }

    postMessage(message: unknown): void {
      if (this.crashed) return
      if (this.closed) throw new DOMException('BroadcastChannel is closed', 'InvalidStateError')
      posted += 1
      const data: unknown = structuredClone(message)
      for (const other of open) {
        if (other === this || other.name !== this.name) continue
        queueMicrotask(() => {
          if (!other.closed) other.onmessage?.(new MessageEvent('message', { data }))
        })
      }
    }

    close(): void {
      this.closed = true
      open.delete(this)
    }
  }
  return {
    BroadcastChannel: MemoryChannel,
    /** A BroadcastChannel constructor whose channels belong to `tab`. */
    forTab(tab: string): new (name: string) => ChannelLike {
      return class TabChannel extends MemoryChannel {
        constructor(name: string) {
          super(name)
          this.owner = tab
        }
      }
    },
    /** The tab's page is gone: its channels close without a word. */
    crash(tab: string): void {
      for (const channel of [...open]) {
        if (channel.owner !== tab) continue
        channel.crashed = true
        channel.close()
      }
    },
    open,
    get posted() { return posted },
  }
}
