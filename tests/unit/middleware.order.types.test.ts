import { describe, expectTypeOf, it } from 'vitest'
import { create } from 'zustand'
import { devtools, subscribeWithSelector } from 'zustand/middleware'
import { immer } from 'zustand/middleware/immer'
import {
  createDashboardStore,
  transport,
  type ConnectionPool,
  type ConnectionsSlice,
  type EndpointHealth,
  type EndpointNameOf,
  type StoreEndpointConfig,
} from 'zustand-realtime'

// Checked by `npm run typecheck` (tsc): expectTypeOf and @ts-expect-error do nothing at run time.
// Store factories are only type-checked, never called: nothing connects.

interface Queue { jobs: string[] }
interface FeedState extends ConnectionsSlice<'queue' | 'routes'> {
  queue: Queue | null
  routes: string[]
}
const endpoints: StoreEndpointConfig<FeedState>[] = [
  { name: 'queue', url: 'ws://types.test/ws/queue', reduce: (draft, message) => { draft.queue = { jobs: [String(message.type)] } } },
  { name: 'routes', url: 'ws://types.test/ws/routes', reduce: () => {} },
]
const initial: Omit<FeedState, 'connections'> = { queue: null, routes: [] }
const options = { endpoints }

// Every order of transport with immer, devtools and subscribeWithSelector a user is likely to write,
// immer inside transport (the documented order is devtools(subscribeWithSelector(transport(immer(...))))).
const orders = {
  alone: () => create<FeedState>()(transport(() => initial, options)),
  immer: () => create<FeedState>()(transport(immer(() => initial), options)),
  documented: () => create<FeedState>()(devtools(subscribeWithSelector(transport(immer(() => initial), options)), { enabled: false })),
  selectorInside: () => create<FeedState>()(transport(subscribeWithSelector(immer(() => initial)), options)),
  selectorOutside: () => create<FeedState>()(subscribeWithSelector(transport(immer(() => initial), options))),
  devtoolsInside: () => create<FeedState>()(transport(devtools(immer(() => initial), { enabled: false }), options)),
  devtoolsOutside: () => create<FeedState>()(devtools(transport(immer(() => initial), options), { enabled: false })),
  everythingInside: () => create<FeedState>()(transport(devtools(subscribeWithSelector(immer(() => initial)), { enabled: false }), options)),
  selectorInsideNoImmer: () => create<FeedState>()(transport(subscribeWithSelector(() => initial), options)),
  selectorOutsideDevtoolsInside: () => create<FeedState>()(subscribeWithSelector(transport(devtools(() => initial, { enabled: false }), options))),
  immerOutside: () => create<FeedState>()(immer(transport(() => initial, options))),
}
type Store<K extends keyof typeof orders> = ReturnType<(typeof orders)[K]>

describe('transport composes with immer, devtools and subscribeWithSelector', () => {
  it('keeps store.transport and the typed connections slice in every order', () => {
    expectTypeOf<Store<'alone'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<Store<'immer'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<Store<'documented'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<Store<'selectorInside'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<Store<'selectorOutside'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<Store<'devtoolsInside'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<Store<'devtoolsOutside'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<Store<'everythingInside'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<Store<'selectorInsideNoImmer'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<Store<'selectorOutsideDevtoolsInside'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<Store<'immerOutside'>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<ReturnType<Store<'documented'>['getState']>['connections']['queue']>().toEqualTypeOf<EndpointHealth>()
  })

  it('keeps the outer middlewares\' own API (selector subscribe, devtools actions)', () => {
    expectTypeOf<Store<'documented'>['subscribe']>().toBeCallableWith((state: FeedState) => state.queue, () => {})
    expectTypeOf<Store<'documented'>['setState']>().toBeCallableWith((draft: FeedState) => { draft.routes.push('a') }, false, 'routes/add')
  })
})

describe('endpoint names are types', () => {
  it('a typo in a connections key or an endpoint name does not compile', () => {
    expectTypeOf<EndpointNameOf<FeedState>>().toEqualTypeOf<'queue' | 'routes'>()
    const read = (state: ReturnType<Store<'documented'>['getState']>) => {
      expectTypeOf(state.connections.queue).toEqualTypeOf<EndpointHealth>()
      // @ts-expect-error — 'qeue' is not one of the store's endpoints
      return state.connections.qeue
    }
    void read
    // @ts-expect-error — an endpoint the state does not declare
    const typo: StoreEndpointConfig<FeedState> = { name: 'qeue', url: 'ws://types.test/ws/qeue', reduce: () => {} }
    void typo
  })

  it('the dashboard store knows its eight feeds', () => {
    const read = (state: ReturnType<ReturnType<typeof createDashboardStore>['getState']>) => {
      expectTypeOf(state.connections['adw-monitor']).toEqualTypeOf<EndpointHealth>()
      // @ts-expect-error — 'qeue' is not a dashboard feed
      return state.connections.qeue
    }
    void read
  })

  it('a state without names keeps string keys', () => {
    interface Loose extends ConnectionsSlice { n: number }
    expectTypeOf<EndpointNameOf<Loose>>().toEqualTypeOf<string>()
  })
})
