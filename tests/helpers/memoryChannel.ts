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

    constructor(readonly name: string) {
      open.add(this)
    }

    postMessage(message: unknown): void {
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
    open,
    get posted() { return posted },
  }
}
