import { Tap } from './tap'
import type { Message, TransportSample } from './types'

/** The pool's `onSample` listeners (the metrics reporter). */
export class SampleTap extends Tap<TransportSample> {
  constructor() {
    super('onSample')
  }
}

/** The age of an applied message: now − its `publishedAt` (ms since the epoch, as the server stamped it); null without one. */
export const freshnessOf = (message: Message, now: number): number | null => {
  const { publishedAt } = message
  return typeof publishedAt === 'number' && Number.isFinite(publishedAt) ? Math.max(0, now - publishedAt) : null
}
