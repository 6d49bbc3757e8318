import { isDeepStrictEqual } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openFuzzStore, type FuzzStore } from '../helpers/soakFuzzStore'

/**
 * Regression tests for two bugs the client fuzz found (fixed in 6bb3f2e):
 * 1. A valid frame whose data carries a deeply nested extra field (≈5,000 levels, a 10 KB frame)
 *    passes the shape check, then immer's finalize/freeze overflowed the stack inside the store's
 *    flush: uncaught with 'microtask' batching (Node default), thrown in the rAF callback with
 *    'frame', logged by the pool's subscriber guard with 'none'. The frame was lost with no
 *    lastError, and so was every other message of the same batch.
 * 2. SPEC §6.7: a frame of an unknown type is bad input that gives a clear error in health; the
 *    dashboard reducers used to ignore it silently.
 */

let fixture: FuzzStore | null = null
beforeEach(() => { vi.useFakeTimers({ now: 1_000_000 }) })
afterEach(() => {
  fixture?.close()
  fixture = null
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const withDeepExtra = (frame: { type: string; data: unknown; seq: number }, depth: number): string =>
  JSON.stringify(frame).replace('"data":{', `"data":{"extra":${'['.repeat(depth)}${']'.repeat(depth)},`)

const flushMicrotasks = async (): Promise<void> => {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve()
}

describe('client regressions found by fuzzing', () => {
  it('under immer, a valid frame with 5,000 levels of nesting in an extra field is recorded as an error and throws nothing (batch "none")', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    fixture = await openFuzzStore({ batch: 'none', immer: true })
    const before = fixture.observe('queue')
    await fixture.deliver('queue', withDeepExtra(fixture.nextValid('queue'), 5000))
    expect(consoleError).not.toHaveBeenCalled()
    expect(fixture.observe('queue').lastError).not.toBe(before.lastError)
    const good = fixture.nextValid('queue')
    await fixture.deliver('queue', JSON.stringify(good))
    expect(isDeepStrictEqual(fixture.observe('queue').slice, good.data)).toBe(true)
  })

  it('under immer with microtask batching, such a frame does not take the other messages of its batch down with it', async () => {
    fixture = await openFuzzStore({ batch: 'microtask', immer: true })
    const workflows = fixture.nextValid('workflows')
    const queueBefore = fixture.observe('queue')
    // Both frames arrive before the store flushes: one batch.
    fixture.socketOf('workflows').receive(JSON.stringify(workflows))
    fixture.socketOf('queue').receive(withDeepExtra(fixture.nextValid('queue'), 5000))
    await flushMicrotasks()
    expect(fixture.observe('workflows').seq).toBe(workflows.seq)
    expect(isDeepStrictEqual(fixture.observe('workflows').slice, workflows.data)).toBe(true)
    expect(fixture.observe('queue').lastError).not.toBe(queueBefore.lastError)
    expect(fixture.observe('queue').seq).toBe(queueBefore.seq)
  })

  it('the dashboard store (no immer: nothing freezes the frame) applies such a frame like any other', async () => {
    fixture = await openFuzzStore({ batch: 'none' })
    const deep = fixture.nextValid('queue')
    await fixture.deliver('queue', withDeepExtra(deep, 5000))
    expect(fixture.observe('queue').lastError).toBeNull()
    expect(fixture.observe('queue').seq).toBe(deep.seq)
  })

  it('a frame of an unknown type on a feed is reported in that feed\'s lastError (SPEC §6.7)', async () => {
    fixture = await openFuzzStore()
    const before = fixture.observe('queue')
    await fixture.deliver('queue', JSON.stringify({ type: 'bogus_update', data: {} }))
    expect(fixture.observe('queue').lastError).not.toBe(before.lastError)
    expect(fixture.observe('queue').lastError?.message).toMatch(/bogus_update/)
  })
})
