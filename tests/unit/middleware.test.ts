// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { create } from 'zustand'
import { immer } from 'zustand/middleware/immer'
import { transport, type BatchMode } from 'zustand-realtime'
import { drainMicrotasks, leftovers, startFeedBackend, type FeedBackend } from '../helpers/storeBackend'
import { feedOptions, initialFeedState, type FeedState } from '../helpers/storeFixture'

let backend: FeedBackend
const stores: { transport: { disconnect(): void } }[] = []

const immerStore = (batch?: BatchMode) => {
  const store = create<FeedState>()(transport(immer(() => initialFeedState), feedOptions(backend, batch ? { batch } : {})))
  stores.push(store)
  return store
}
const plainStore = () => {
  const store = create<FeedState>()(transport(() => initialFeedState, feedOptions(backend)))
  stores.push(store)
  return store
}

const connected = async (store: ReturnType<typeof immerStore>) => {
  void store.transport.connect()
  await vi.advanceTimersByTimeAsync(500)
  expect(store.getState().connections.queue.status).toBe('connected')
  expect(store.getState().connections.workflows.status).toBe('connected')
}

/** Counts store notifications that changed `queue`. */
const countQueueChanges = (store: ReturnType<typeof immerStore>) => {
  const counter = { changes: 0 }
  store.subscribe((state, previous) => {
    if (state.queue !== previous.queue) counter.changes += 1
  })
  return counter
}

beforeAll(() => {
  backend = startFeedBackend()
})
afterAll(() => backend.close())

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(async () => {
  for (const store of stores.splice(0)) store.transport.disconnect()
  expect(await leftovers(backend)).toEqual({ openSockets: 0, timers: 0 })
})

describe('transport middleware', () => {
  it('gives every endpoint a health entry before connect and exposes the pool', () => {
    const store = immerStore()
    const { connections } = store.getState()
    expect(Object.keys(connections).sort()).toEqual(['queue', 'workflows'])
    expect(connections.queue).toEqual(store.transport.health('queue'))
    expect(connections.queue.status).toBe('disconnected')
    expect(store.transport.endpoints).toEqual(['queue', 'workflows'])
    expect(backend.clients()).toHaveLength(0)
  })

  it('routes a message to its own endpoint: other slices and health objects keep their identity', async () => {
    const store = immerStore()
    await connected(store)
    const before = store.getState()

    backend.send('queue', { type: 'queue_update', data: 7 })
    await vi.advanceTimersByTimeAsync(20)

    const after = store.getState()
    expect(after.queue).toEqual([7])
    expect(after.workflows).toBe(before.workflows)
    expect(after.connections.workflows).toBe(before.connections.workflows)
  })

  it.each<BatchMode>(['frame', 'microtask'])('applies a 1,000-message burst in order with a handful of notifications (%s)', async (batch) => {
    const store = immerStore(batch)
    await connected(store)
    const counter = countQueueChanges(store)
    const frames = vi.spyOn(globalThis, 'requestAnimationFrame')

    for (let i = 0; i < 1000; i += 1) backend.send('queue', { type: 'queue_update', data: i })
    await vi.advanceTimersByTimeAsync(50)
    // Which mode ran: 'frame' waits for animation frames, 'microtask' never asks for one.
    if (batch === 'frame') expect(frames).toHaveBeenCalled()
    else expect(frames).not.toHaveBeenCalled()
    frames.mockRestore()

    expect(store.getState().queue).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(counter.changes).toBeGreaterThanOrEqual(1)
    expect(counter.changes).toBeLessThanOrEqual(3)
  })

  it("notifies once per message with batch: 'none'", async () => {
    const store = immerStore('none')
    await connected(store)
    const counter = countQueueChanges(store)

    for (let i = 0; i < 50; i += 1) backend.send('queue', { type: 'queue_update', data: i })
    await vi.advanceTimersByTimeAsync(50)

    expect(store.getState().queue).toHaveLength(50)
    expect(counter.changes).toBe(50)
  })

  it('records a throwing reducer in connections[name].lastError and still applies later messages', async () => {
    const store = immerStore()
    await connected(store)

    backend.send('queue', { type: 'queue_update', data: 1 })
    backend.send('queue', { type: 'queue_update', data: 'not a number' })
    backend.send('queue', { type: 'queue_update', data: 2 })
    backend.send('workflows', { type: 'workflows_update', data: 'wf' })
    await vi.advanceTimersByTimeAsync(20)

    const state = store.getState()
    expect(state.queue).toEqual([1, 2])
    expect(state.workflows).toEqual(['wf'])
    expect(state.connections.queue.lastError?.message).toMatch(/"queue".*"queue_update".*expected a number, got string/)
    expect(state.connections.queue.status).toBe('connected')
    expect(state.connections.workflows.lastError).toBeNull()

    // Later health updates from the pool keep the reducer's error: lastError is the last error seen.
    await vi.advanceTimersByTimeAsync(1500)
    backend.send('queue', { type: 'queue_update', data: 3 })
    await vi.advanceTimersByTimeAsync(20)
    expect(store.getState().queue).toEqual([1, 2, 3])
    expect(store.getState().connections.queue.lastError?.message).toMatch(/expected a number/)
  })

  it('works without immer: reducers get a copy, earlier states are never mutated', async () => {
    const store = plainStore()
    await connected(store)
    const before = store.getState()
    const snapshot = structuredClone(before)

    backend.send('queue', { type: 'queue_update', data: 1 })
    backend.send('queue', { type: 'queue_update', data: 'bad' })
    backend.send('queue', { type: 'queue_update', data: 2 })
    await vi.advanceTimersByTimeAsync(20)

    const after = store.getState()
    expect(after.queue).toEqual([1, 2])
    expect(before.queue).toEqual([])
    expect(before).toEqual(snapshot) // nothing, nested or not, was written into the earlier state
    expect(after.connections).not.toBe(before.connections)
    expect(after.workflows).toBe(before.workflows)
    expect(after.connections.workflows).toBe(before.connections.workflows)
    expect(after.connections.queue.lastError?.message).toMatch(/"queue"/)
  })

  it('does not notify for messages no reducer uses', async () => {
    const store = plainStore()
    await connected(store)
    const listener = vi.fn()
    store.subscribe(listener)

    backend.send('queue', { type: 'something_else', data: 1 })
    await vi.advanceTimersByTimeAsync(20)

    expect(listener).not.toHaveBeenCalled()
  })

  it('writes a health change only into the endpoint that changed', async () => {
    const store = immerStore()
    await connected(store)
    const before = store.getState().connections

    store.transport.chaos.kill('workflows')
    await vi.advanceTimersByTimeAsync(0)

    const after = store.getState().connections
    expect(after.workflows.status).not.toBe('connected')
    expect(after.workflows).not.toBe(before.workflows)
    expect(after.queue).toBe(before.queue)
  })

  it('disconnect applies the messages still waiting for a frame and leaves nothing scheduled', async () => {
    const store = immerStore('frame')
    await connected(store)

    backend.send('queue', { type: 'queue_update', data: 5 })
    await drainMicrotasks()
    expect(store.getState().queue).toEqual([]) // delivered, waiting for the next frame
    store.transport.disconnect()

    expect(store.getState().queue).toEqual([5])
    expect(store.getState().connections.queue.status).toBe('disconnected')
    expect(vi.getTimerCount()).toBe(0)
    await drainMicrotasks()
    expect(backend.openSockets()).toBe(0)
  })

  it('connects again after a disconnect and keeps routing', async () => {
    const store = immerStore()
    await connected(store)
    store.transport.disconnect()
    await connected(store)

    backend.send('workflows', { type: 'workflows_update', data: 'again' })
    await vi.advanceTimersByTimeAsync(20)

    expect(store.getState().workflows).toEqual(['again'])
    expect(backend.clients()).toHaveLength(4)
    expect(backend.openSockets()).toBe(2)
  })
})

describe('frame batching in a background tab', () => {
  it('still flushes when animation frames never come', async () => {
    const store = immerStore('frame')
    await connected(store)
    const frames = vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation(() => 0)
    try {
      backend.send('queue', { type: 'queue_update', data: 9 })
      await vi.advanceTimersByTimeAsync(100)
      expect(store.getState().queue).toEqual([])
      await vi.advanceTimersByTimeAsync(200)
      expect(store.getState().queue).toEqual([9])
    } finally {
      frames.mockRestore()
    }
  })
})
