import type { BatchMode } from './types'

/** Runs `flush` once per frame / microtask however often `request()` is called; `cancel()` drops a pending run. */
export interface FlushScheduler {
  request(): void
  cancel(): void
}

const hasAnimationFrame = (): boolean =>
  typeof globalThis.requestAnimationFrame === 'function' && typeof globalThis.cancelAnimationFrame === 'function'

/** 'frame' where `requestAnimationFrame` exists (browsers), else 'microtask'. */
export const defaultBatchMode = (): BatchMode => (hasAnimationFrame() ? 'frame' : 'microtask')

/** Browsers stop animation frames in background tabs: a timer makes sure a hidden tab still flushes. */
const HIDDEN_TAB_FALLBACK_MS = 250

const frameScheduler = (flush: () => void): FlushScheduler => {
  let frame: number | null = null
  let fallback: ReturnType<typeof setTimeout> | null = null
  const cancel = (): void => {
    if (frame !== null) globalThis.cancelAnimationFrame(frame)
    if (fallback !== null) clearTimeout(fallback)
    frame = null
    fallback = null
  }
  const run = (): void => {
    cancel()
    flush()
  }
  return {
    request() {
      if (frame !== null) return
      frame = globalThis.requestAnimationFrame(run)
      fallback = setTimeout(run, HIDDEN_TAB_FALLBACK_MS)
    },
    cancel,
  }
}

/** A microtask cannot be cancelled, so a cancelled one finds its generation outdated and does nothing. */
const microtaskScheduler = (flush: () => void): FlushScheduler => {
  let generation = 0
  let pending = false
  return {
    request() {
      if (pending) return
      pending = true
      const mine = generation
      queueMicrotask(() => {
        if (mine !== generation) return
        pending = false
        flush()
      })
    },
    cancel() {
      if (!pending) return
      generation += 1
      pending = false
    },
  }
}

const immediateScheduler = (flush: () => void): FlushScheduler => ({ request: flush, cancel() {} })

export const createFlushScheduler = (mode: BatchMode, flush: () => void): FlushScheduler => {
  if (mode === 'none') return immediateScheduler(flush)
  if (mode === 'frame' && hasAnimationFrame()) return frameScheduler(flush)
  return microtaskScheduler(flush)
}
