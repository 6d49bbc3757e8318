// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { create } from 'zustand'
import { devtools } from 'zustand/middleware'
import { immer } from 'zustand/middleware/immer'
import { transport } from 'zustand-realtime'
import { leftovers, startFeedBackend, type FeedBackend } from '../helpers/storeBackend'
import { feedOptions, initialFeedState, type FeedState } from '../helpers/storeFixture'

/** What zustand's devtools middleware talks to: the Redux DevTools extension's connection. */
const fakeExtension = () => {
  const connection = {
    init: vi.fn(),
    send: vi.fn<(action: { type: string }, state: FeedState) => void>(),
    subscribe: vi.fn(() => () => {}),
    unsubscribe: vi.fn(),
  }
  Object.defineProperty(window, '__REDUX_DEVTOOLS_EXTENSION__', { value: { connect: () => connection }, configurable: true })
  return connection
}

let backend: FeedBackend
let connection: ReturnType<typeof fakeExtension>

beforeAll(() => {
  backend = startFeedBackend()
})
afterAll(() => backend.close())

beforeEach(() => {
  vi.useFakeTimers()
  connection = fakeExtension()
})

afterEach(async () => {
  Reflect.deleteProperty(window, '__REDUX_DEVTOOLS_EXTENSION__')
  expect(await leftovers(backend)).toEqual({ openSockets: 0, timers: 0 })
})

const actionTypes = () => connection.send.mock.calls.map(([action]) => action.type)

const stores = {
  'devtools(transport(immer))': () =>
    create<FeedState>()(devtools(transport(immer(() => initialFeedState), feedOptions(backend)), { enabled: true })),
  'transport(devtools(immer))': () =>
    create<FeedState>()(transport(devtools(immer(() => initialFeedState), { enabled: true }), feedOptions(backend))),
  'devtools(transport) without immer': () =>
    create<FeedState>()(devtools(transport(() => initialFeedState, feedOptions(backend)), { enabled: true })),
}

describe('transport middleware with devtools', () => {
  it.each(Object.entries(stores))('names health transitions and message flushes (%s)', async (_, makeStore) => {
    const store = makeStore()
    void store.transport.connect()
    await vi.advanceTimersByTimeAsync(500)

    expect(actionTypes()).toEqual(expect.arrayContaining(['transport/queue/connecting', 'transport/queue/connected', 'transport/workflows/connected']))
    const connectedCall = connection.send.mock.calls.find(([action]) => action.type === 'transport/queue/connected')
    expect(connectedCall?.[1].connections.queue.status).toBe('connected')

    backend.send('queue', { type: 'queue_update', data: 1 })
    await vi.advanceTimersByTimeAsync(20)
    const messagesCall = connection.send.mock.calls.findLast(([action]) => action.type === 'transport/messages')
    expect(messagesCall?.[1].queue).toEqual([1])

    store.transport.chaos.tripCircuit('queue')
    await vi.advanceTimersByTimeAsync(0)
    expect(actionTypes()).toContain('transport/queue/circuit-open')
    expect(store.getState().connections.queue.circuitState).toBe('open')

    store.transport.disconnect()
    expect(actionTypes()).toContain('transport/workflows/disconnected')
    // Every action is a message flush, a health-only write, or `transport/<endpoint>/<transition>`.
    const transitions = /^transport\/(queue|workflows)\/(connecting|connected|reconnecting|disconnected|circuit-(open|closed|half-open)|polling|polling-stopped|paused-(hidden|offline)|resumed|data-ok|data-error|error)$/
    const unexpected = actionTypes().filter((type) => type !== 'transport/messages' && type !== 'transport/health' && !transitions.test(type))
    expect(unexpected).toEqual([])
  })
})
