import type { FrameEvent } from './types'

/**
 * The pool's `onFrame` listeners. Callers check `active` before building an event, so frames
 * cost nothing while no dev tool listens.
 */
export class FrameTap {
  private readonly listeners = new Set<(event: FrameEvent) => void>()

  get active(): boolean {
    return this.listeners.size > 0
  }

  listen(listener: (event: FrameEvent) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  emit(event: FrameEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (error) {
        console.error('zustand-realtime: an onFrame listener threw', error)
      }
    }
  }
}
