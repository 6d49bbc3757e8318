import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { create, type StateCreator } from 'zustand'
import { immer } from 'zustand/middleware/immer'
import { transport, type BatchMode, type TransportOptions } from 'zustand-realtime'
import { fakeSockets } from '../helpers/fakeWebSocket'
import { feedEndpoints, initialFeedState, type FeedState } from '../helpers/storeFixture'

// The middleware over a scripted socket (no server): each test plays the server and controls time.

const initial = initialFeedState
const reducers = feedEndpoints({ url: (name) => `ws://h/ws/${name}` })

const stores: { transport: { disconnect(): void } }[] = []

function feedStore(options: { immer?: boolean; batch?: BatchMode; heartbeat?: TransportOptions<FeedState>['heartbeat'] } = {}) {
  const sockets = fakeSockets()
  const settings: TransportOptions<FeedState> = {
    WebSocket: sockets.WebSocket,
    lifecycle: null,
    random: () => 0.5,
    heartbeat: options.heartbeat ?? false,
    endpoints: reducers,
    ...(options.batch ? { batch: options.batch } : {}),
  }
  const store = options.immer
    ? create<FeedState>()(transport(immer(() => initial), settings))
    : create<FeedState>()(transport(() => initial, settings))
  stores.push(store)
  return { store, sockets }
}

/** Connect both feeds and open their sockets. */
function connectedStore(options: Parameters<typeof feedStore>[0] = {}) {
  const env = feedStore(options)
  void env.store.transport.connect()
  vi.advanceTimersByTime(100)
  for (const socket of env.sockets.all) socket.open()
  return env
}

const queueUpdate = (data: unknown) => ({ type: 'queue_update', data })

beforeEach(() => { vi.useFakeTimers({ now: 0 }) })
afterEach(() => {
  for (const store of stores.splice(0)) store.transport.disconnect()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('without immer', () => {
  it('health transitions are written, each into a new state; no earlier state is changed', () => {
    const { store, sockets } = feedStore({ batch: 'none' })
    const seen: { state: FeedState; copy: FeedState }[] = []
    const record = (state: FeedState) => seen.push({ state, copy: structuredClone(state) })
    record(store.getState())
    store.subscribe((state) => record(state))
    void store.transport.connect()
    vi.advanceTimersByTime(100)
    for (const socket of sockets.all) socket.open()
    sockets.last('queue').receive(queueUpdate(1))
    sockets.last('queue').serverClose(1011)

    const statuses = seen.map(({ state }) => state.connections.queue.status)
    expect(statuses[0]).toBe('disconnected')
    expect(statuses).toContain('connecting')
    expect(statuses).toContain('connected')
    expect(statuses.at(-1)).toBe('reconnecting')
    expect(store.getState().queue).toEqual([1])
    for (const { state, copy } of seen) expect(state).toEqual(copy) // nothing written into an old state
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]?.state).not.toBe(seen[i - 1]?.state)
    }
  })

  it('a rejected message leaves no trace in the state, and the state before it is not touched', () => {
    const { store, sockets } = connectedStore({ batch: 'none' })
    const before = store.getState()
    const copy = structuredClone(before)
    sockets.last('queue').receive(queueUpdate('bad'))
    expect(before).toEqual(copy)
    expect(store.getState().queue).toBe(before.queue)
    expect(store.getState().connections.queue.dataError).not.toBeNull()
  })
})

describe('health that moves without a transition', () => {
  it.each([false, true])('a new latency (a pong, no message) is written into the store (immer: %s)', async (withImmer) => {
    const { store, sockets } = connectedStore({ immer: withImmer, heartbeat: { interval: 1000, timeout: 500 } })
    await vi.advanceTimersByTimeAsync(1000)
    const socket = sockets.last('queue')
    const ping = socket.sentFrames().find((frame) => frame.type === 'ping')
    expect(ping).toBeDefined()
    await vi.advanceTimersByTimeAsync(40)
    socket.receive({ type: 'pong', timestamp: ping?.timestamp })
    await vi.advanceTimersByTimeAsync(0)
    expect(store.transport.health('queue').latencyMs).toBe(40)
    expect(store.getState().connections.queue.latencyMs).toBe(40)
    expect(store.getState().connections.queue).toEqual(store.transport.health('queue'))
    expect(store.getState().connections.workflows.latencyMs).toBeNull()
  })
})

describe('batch modes', () => {
  it("'none' writes each message before receive() returns", () => {
    const { store, sockets } = connectedStore({ batch: 'none' })
    sockets.last('queue').receive(queueUpdate(1))
    expect(store.getState().queue).toEqual([1])
  })

  it("'microtask' writes a burst once, after the current task, without waiting for any timer", async () => {
    const { store, sockets } = connectedStore({ batch: 'microtask' })
    const writes = vi.fn()
    store.subscribe((state, previous) => { if (state.queue !== previous.queue) writes() })
    for (let i = 0; i < 5; i++) sockets.last('queue').receive(queueUpdate(i))
    expect(store.getState().queue).toEqual([])
    await Promise.resolve()
    expect(store.getState().queue).toEqual([0, 1, 2, 3, 4])
    expect(writes).toHaveBeenCalledTimes(1)
    sockets.last('queue').receive(queueUpdate(5)) // the next burst is scheduled afresh
    await Promise.resolve()
    expect(store.getState().queue).toHaveLength(6)
  })

  describe("'frame'", () => {
    /** A page whose animation frames run only when the test says so. */
    function animationFrames() {
      const callbacks = new Map<number, () => void>()
      let next = 1
      vi.stubGlobal('requestAnimationFrame', (callback: () => void) => { callbacks.set(next, callback); return next++ })
      vi.stubGlobal('cancelAnimationFrame', (id: number) => { callbacks.delete(id) })
      return {
        get pending() { return callbacks.size },
        run() {
          const due = [...callbacks.values()]
          callbacks.clear()
          for (const callback of due) callback()
        },
      }
    }

    it('is the default where animation frames exist, and microtask where they do not', async () => {
      const plain = connectedStore()
      plain.sockets.last('queue').receive(queueUpdate(1))
      await Promise.resolve()
      expect(plain.store.getState().queue).toEqual([1])
      const frames = animationFrames()
      const paged = connectedStore()
      paged.sockets.last('queue').receive(queueUpdate(2))
      await Promise.resolve()
      expect(paged.store.getState().queue).toEqual([])
      frames.run()
      expect(paged.store.getState().queue).toEqual([2])
    })

    it('writes a burst once, on the next animation frame, and not before', async () => {
      const frames = animationFrames()
      const { store, sockets } = connectedStore({ batch: 'frame' })
      const writes = vi.fn()
      store.subscribe((state, previous) => { if (state.queue !== previous.queue) writes() })
      for (let i = 0; i < 5; i++) sockets.last('queue').receive(queueUpdate(i))
      await vi.advanceTimersByTimeAsync(100)
      expect(store.getState().queue).toEqual([])
      expect(frames.pending).toBe(1)
      frames.run()
      expect(store.getState().queue).toEqual([0, 1, 2, 3, 4])
      expect(writes).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(1000) // the background-tab timer was cleared with the frame
      expect(writes).toHaveBeenCalledTimes(1)
      sockets.last('queue').receive(queueUpdate(5))
      expect(frames.pending).toBe(1)
      frames.run()
      expect(store.getState().queue).toHaveLength(6)
    })

    it('in a background tab (no frames) the burst is written after 250 ms, and the frame is then cancelled', async () => {
      const frames = animationFrames()
      const { store, sockets } = connectedStore({ batch: 'frame' })
      sockets.last('queue').receive(queueUpdate(1))
      await vi.advanceTimersByTimeAsync(249)
      expect(store.getState().queue).toEqual([])
      await vi.advanceTimersByTimeAsync(1)
      expect(store.getState().queue).toEqual([1])
      expect(frames.pending).toBe(0)
    })

    it('a health transition writes what is pending first and cancels the frame', () => {
      const frames = animationFrames()
      const { store, sockets } = connectedStore({ batch: 'frame' })
      sockets.last('queue').receive(queueUpdate(1))
      sockets.last('queue').serverClose(1011)
      expect(store.getState().queue).toEqual([1])
      expect(store.getState().connections.queue.status).toBe('reconnecting')
      expect(frames.pending).toBe(0)
    })

    it("without animation frames, 'frame' batches like 'microtask'", async () => {
      const { store, sockets } = connectedStore({ batch: 'frame' })
      sockets.last('queue').receive(queueUpdate(1))
      expect(store.getState().queue).toEqual([])
      await Promise.resolve()
      expect(store.getState().queue).toEqual([1])
    })
  })

  it("a write cancelled by a health transition does not run again later ('microtask')", async () => {
    const { store, sockets } = connectedStore({ batch: 'microtask' })
    const writes = vi.fn()
    store.subscribe((state, previous) => { if (state.queue !== previous.queue) writes() })
    sockets.last('queue').receive(queueUpdate(1))
    sockets.last('queue').serverClose(1011) // flushes the pending message at once
    expect(writes).toHaveBeenCalledTimes(1)
    await Promise.resolve()
    await Promise.resolve()
    expect(writes).toHaveBeenCalledTimes(1)
    sockets.last('workflows').receive({ type: 'workflows_update', data: 'w' })
    await Promise.resolve()
    expect(store.getState().workflows).toEqual(['w'])
  })
})

describe('a write the store refuses', () => {
  type WithPool = StateCreator<FeedState, [], [['zustand-realtime/transport', never]]>

  /** An outer middleware whose store throws on any write that would hold `poison` in `queue`. */
  const refusingWritesOf = (poison: number, inner: WithPool): WithPool => (set, get, api) => {
    const setState = api.setState
    const guard = (result: FeedState | Partial<FeedState>) => {
      if (result.queue?.includes(poison)) throw new Error(`refused ${poison}`)
      return result
    }
    api.setState = (partial, replace) => {
      const guarded = (state: FeedState) => guard(typeof partial === 'function' ? partial(state) : partial)
      if (replace === true) setState((state) => ({ ...state, ...guarded(state) }), true)
      else setState(guarded)
    }
    return inner(set, get, api)
  }

  const refusing = (poison: number) => {
    const sockets = fakeSockets()
    const store = create<FeedState>()(refusingWritesOf(poison, transport(() => initial, {
      WebSocket: sockets.WebSocket, lifecycle: null, random: () => 0.5, heartbeat: false, endpoints: reducers, batch: 'microtask',
    })))
    stores.push(store)
    void store.transport.connect()
    vi.advanceTimersByTime(100)
    for (const socket of sockets.all) socket.open()
    return { store, sockets }
  }

  it('loses only the message it cannot take: the rest of the batch is written and the culprit rejected', async () => {
    const { store, sockets } = refusing(666)
    for (const n of [1, 666, 2]) sockets.last('queue').receive(queueUpdate(n))
    sockets.last('workflows').receive({ type: 'workflows_update', data: 'w' })
    await Promise.resolve()
    expect(store.getState().queue).toEqual([1, 2])
    expect(store.getState().workflows).toEqual(['w'])
    const health = store.getState().connections.queue
    expect(health.lastError?.message).toBe('a "queue_update" message of endpoint "queue" could not be written to the store and was dropped: refused 666')
    expect(store.transport.metrics().endpoints.queue?.messagesRejected).toBe(1)
  })
})
