import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { create } from 'zustand'
import { devtools, subscribeWithSelector } from 'zustand/middleware'
import { immer } from 'zustand/middleware/immer'
import { transport, type ConnectionsSlice, type StoreEndpointConfig } from 'zustand-realtime'
import { fakeSockets } from '../helpers/fakeWebSocket'

// The orders the type tests accept, run: each store must apply a frame and write health.
interface FeedState extends ConnectionsSlice<'queue'> { queue: string[] }
const initial: Omit<FeedState, 'connections'> = { queue: [] }

let disconnect: (() => void) | null = null
beforeEach(() => { vi.useFakeTimers({ now: 0 }) })
afterEach(() => {
  disconnect?.()
  disconnect = null
  vi.useRealTimers()
})

const makers = (options: { endpoints: StoreEndpointConfig<FeedState>[]; WebSocket: ReturnType<typeof fakeSockets>['WebSocket'] }) => {
  const transportOptions = { ...options, lifecycle: null, batch: 'none' as const, random: () => 0.5 }
  return {
    'transport(plain)': () => create<FeedState>()(transport(() => initial, transportOptions)),
    'transport(immer)': () => create<FeedState>()(transport(immer(() => initial), transportOptions)),
    'devtools(subscribeWithSelector(transport(immer)))': () =>
      create<FeedState>()(devtools(subscribeWithSelector(transport(immer(() => initial), transportOptions)), { enabled: false })),
    'transport(subscribeWithSelector(immer))': () => create<FeedState>()(transport(subscribeWithSelector(immer(() => initial)), transportOptions)),
    'transport(devtools(immer))': () => create<FeedState>()(transport(devtools(immer(() => initial), { enabled: false }), transportOptions)),
    'subscribeWithSelector(transport(devtools(plain)))': () =>
      create<FeedState>()(subscribeWithSelector(transport(devtools(() => initial, { enabled: false }), transportOptions))),
    'immer(transport(plain))': () => create<FeedState>()(immer(transport(() => initial, transportOptions))),
  }
}

describe('transport in every middleware order', () => {
  const names = Object.keys(makers({ endpoints: [], WebSocket: fakeSockets().WebSocket }))
  it.each(names)('%s: applies frames and keeps connections current', (name) => {
    const sockets = fakeSockets()
    const endpoints: StoreEndpointConfig<FeedState>[] = [{
      name: 'queue',
      url: 'ws://order.test/ws/queue',
      reduce: (draft, message) => { draft.queue = [...draft.queue, String(message.data)] },
    }]
    const store = makers({ endpoints, WebSocket: sockets.WebSocket })[name as keyof ReturnType<typeof makers>]()
    disconnect = () => store.transport.disconnect()
    const before = store.getState()
    void store.transport.connect()
    sockets.last('queue').open()
    sockets.last('queue').receive({ type: 'queue_update', data: 'a' })
    sockets.last('queue').receive({ type: 'queue_update', data: 'b' })
    expect(store.getState().queue).toEqual(['a', 'b'])
    expect(store.getState().connections.queue.status).toBe('connected')
    expect(before.queue).toEqual([]) // earlier states are never mutated in place
    expect(before.connections.queue.status).toBe('disconnected')
  })
})
