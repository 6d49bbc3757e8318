// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { create } from 'zustand'
import { devtools } from 'zustand/middleware'
import { immer } from 'zustand/middleware/immer'
import { DataRejection, transport, type ConnectionsSlice } from 'zustand-realtime'
import { leftovers, startFeedBackend, type FeedBackend } from '../helpers/storeBackend'

/** The middleware reports every message's verdict to the pool (SPEC §10: never green over empty). */
interface State extends ConnectionsSlice { values: number[] }

let backend: FeedBackend
const stores: { transport: { disconnect(): void } }[] = []
beforeAll(() => { backend = startFeedBackend() })
afterAll(() => backend.close())
beforeEach(() => { vi.useFakeTimers() })
afterEach(async () => {
  for (const store of stores.splice(0)) store.transport.disconnect()
  expect(await leftovers(backend)).toEqual({ openSockets: 0, timers: 0 })
})

/** What zustand's devtools middleware talks to: the Redux DevTools extension's connection; records action types. */
const recordDevtoolsActions = (): string[] => {
  const actions: string[] = []
  const connection = { init: () => {}, send: (action: { type: string }) => { actions.push(action.type) }, subscribe: () => () => {}, unsubscribe: () => {} }
  Object.defineProperty(window, '__REDUX_DEVTOOLS_EXTENSION__', { value: { connect: () => connection }, configurable: true })
  return actions
}

const open = async () => {
  const store = create<State>()(devtools(transport(immer(() => ({ values: [] })), {
    lifecycle: null,
    batch: 'microtask',
    endpoints: [{
      name: 'queue', url: backend.url('queue'), types: ['queue_update'],
      reduce: (draft, message) => {
        if (message.data === 'boom') throw new TypeError('cannot read it')
        if (typeof message.data !== 'number') throw new DataRejection(`queue: expected a number, got ${typeof message.data}`)
        draft.values = [...draft.values, message.data]
      },
    }],
  }), { enabled: true, name: 'verdicts' }))
  stores.push(store)
  void store.transport.connect()
  await vi.advanceTimersByTimeAsync(300)
  return store
}

const send = async (data: unknown, type = 'queue_update') => {
  backend.send('queue', { type, data })
  await vi.advanceTimersByTimeAsync(5)
}

describe('message verdicts', () => {
  it('a DataRejection is the reason as is; another throw names the reducer; an applied message clears it', async () => {
    const store = await open()
    await send(1)
    expect(store.getState().connections.queue).toMatchObject({ dataError: null, quality: 'excellent' })

    await send('one')
    expect(store.getState().connections.queue).toMatchObject({
      status: 'connected', quality: 'poor', dataError: { message: 'queue: expected a number, got string', count: 1 },
      lastError: { message: 'queue: expected a number, got string' },
    })
    await send('boom')
    expect(store.transport.health('queue').dataError).toMatchObject({ message: 'reducer of endpoint "queue" threw on a "queue_update" message: cannot read it', count: 2 })
    expect(store.transport.metrics().messagesRejected).toBe(2)
    expect(store.getState().values).toEqual([1])

    await send(2)
    expect(store.getState().connections.queue.dataError).toBeNull()
    expect(store.getState().values).toEqual([1, 2])
  })

  it('names the transitions in devtools: data-error when it starts, data-ok when it ends', async () => {
    const actions = recordDevtoolsActions()
    const store = await open()
    await send('x')
    await send('y')
    await send(3)
    expect(actions.filter((action) => action.includes('data-'))).toEqual(['transport/queue/data-error', 'transport/queue/data-ok'])
    expect(store.getState().values).toEqual([3])
    Reflect.deleteProperty(window, '__REDUX_DEVTOOLS_EXTENSION__')
  })

  it('a type no endpoint owns is rejected on the socket that carried it, before any reducer sees it', async () => {
    const store = await open()
    await send(1, 'hello')
    expect(store.getState().connections.queue.dataError?.message).toBe('unknown message type "hello": no endpoint owns it (known types: queue_update)')
    expect(store.getState().values).toEqual([])
  })
})
