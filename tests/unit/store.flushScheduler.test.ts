import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFlushScheduler, defaultBatchMode } from '../../src/store/flushScheduler'

// The scheduler on its own: the store's flush also cancels and ignores empty runs, which would
// hide a scheduler that runs too often or forgets a cancel.

const microtasks = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve()
}

beforeEach(() => { vi.useFakeTimers({ now: 0 }) })
afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe("'microtask'", () => {
  it('the first request runs the flush once after the current task, however often it was requested', async () => {
    const flush = vi.fn()
    const scheduler = createFlushScheduler('microtask', flush)
    for (let i = 0; i < 5; i++) scheduler.request()
    expect(flush).not.toHaveBeenCalled()
    await microtasks()
    expect(flush).toHaveBeenCalledTimes(1)
  })

  it('a request after a run schedules the next run', async () => {
    const flush = vi.fn()
    const scheduler = createFlushScheduler('microtask', flush)
    scheduler.request()
    await microtasks()
    scheduler.request()
    scheduler.request()
    await microtasks()
    expect(flush).toHaveBeenCalledTimes(2)
  })

  it('cancel() drops the pending run; a later request runs once', async () => {
    const flush = vi.fn()
    const scheduler = createFlushScheduler('microtask', flush)
    scheduler.request()
    scheduler.cancel()
    await microtasks()
    expect(flush).not.toHaveBeenCalled()
    scheduler.request()
    await microtasks()
    expect(flush).toHaveBeenCalledTimes(1)
  })

  it('a request right after cancel() runs once, not twice', async () => {
    const flush = vi.fn()
    const scheduler = createFlushScheduler('microtask', flush)
    scheduler.request()
    scheduler.cancel()
    scheduler.request()
    await microtasks()
    expect(flush).toHaveBeenCalledTimes(1)
  })
})

describe('animation frames that are only half there', () => {
  it.each([
    ['requestAnimationFrame', 'cancelAnimationFrame'],
    ['cancelAnimationFrame', 'requestAnimationFrame'],
  ])('with %s but no %s, the default is microtask and frame mode batches by microtask', async (present, missing) => {
    const frames = vi.fn(() => 1)
    vi.stubGlobal(present, frames)
    vi.stubGlobal(missing, undefined)
    expect(defaultBatchMode()).toBe('microtask')
    const flush = vi.fn()
    const scheduler = createFlushScheduler('frame', flush)
    scheduler.request()
    await microtasks()
    expect(flush).toHaveBeenCalledTimes(1)
    scheduler.request()
    scheduler.cancel()
    await microtasks()
    expect(flush).toHaveBeenCalledTimes(1)
    expect(frames).not.toHaveBeenCalled()
  })

  it('with both, the default is frame', () => {
    vi.stubGlobal('requestAnimationFrame', () => 1)
    vi.stubGlobal('cancelAnimationFrame', () => undefined)
    expect(defaultBatchMode()).toBe('frame')
  })
})

it("'none' runs the flush on every request, at once", () => {
  const flush = vi.fn()
  const scheduler = createFlushScheduler('none', flush)
  scheduler.request()
  scheduler.request()
  scheduler.cancel()
  expect(flush).toHaveBeenCalledTimes(2)
})
