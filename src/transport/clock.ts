import type { Clock } from './types'

/** setTimeout's largest delay: a longer one overflows and fires at once (a 1e10 ms wait became a 1 ms loop). */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** Looks the globals up at call time, so fake timers installed after import still apply. Long waits are capped, not overflowed: their callers re-check the time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, Math.min(ms, MAX_TIMER_MS)),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof globalThis.setTimeout>),
}
