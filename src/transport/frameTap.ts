import { Tap } from './tap'
import type { FrameEvent } from './types'

/** The pool's `onFrame` listeners (the dev panel's frame inspector). */
export class FrameTap extends Tap<FrameEvent> {
  constructor() {
    super('onFrame')
  }
}
