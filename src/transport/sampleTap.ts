import type { Message, TransportSample } from './types'

/**
 * The pool's `onSample` listeners (the metrics reporter). Callers check `active` before building
 * a sample, so timings cost nothing while nobody listens.
 */
export class SampleTap {
  private readonly listeners = new Set<(sample: TransportSample) => void>()

  get active(): boolean {
    return this.listeners.size > 0
  }

  listen(listener: (sample: TransportSample) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  emit(sample: TransportSample): void {
    for (const listener of this.listeners) {
      try {
        listener(sample)
      } catch (error) {
        console.error('zustand-realtime: an onSample listener threw', error)
      }
    }
  }
}

/** The age of an applied message: now − its `publishedAt` (ms since the epoch, as the server stamped it); null without one. */
export const freshnessOf = (message: Message, now: number): number | null => {
  const { publishedAt } = message
  return typeof publishedAt === 'number' && Number.isFinite(publishedAt) ? Math.max(0, now - publishedAt) : null
}
