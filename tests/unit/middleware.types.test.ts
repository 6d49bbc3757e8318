// The type expectations here (expectTypeOf, @ts-expect-error) are checked by `npm run typecheck`
// (tsconfig.json includes tests/), which `npm test` runs first: under `vitest run` alone they check nothing.
import { describe, expectTypeOf, it } from 'vitest'
import { create } from 'zustand'
import { devtools, subscribeWithSelector } from 'zustand/middleware'
import { immer } from 'zustand/middleware/immer'
import {
  createDashboardStore,
  transport,
  useEndpointHealth,
  type ConnectionPool,
  type ConnectionsSlice,
  type DashboardState,
  type EndpointHealth,
  type StoreEndpointConfig,
} from 'zustand-realtime'

interface FeedState extends ConnectionsSlice {
  queue: number[]
  workflows: string[]
}

const endpoints: StoreEndpointConfig<FeedState>[] = [
  {
    name: 'queue',
    url: 'ws://types.test/api/v1/ws/queue',
    reduce: (draft, message) => {
      if (message.type === 'queue_update' && Array.isArray(message.data)) draft.queue = message.data.map(Number)
    },
  },
]
const initial = { queue: [], workflows: [] }

// Store factories are only type-checked, never called: nothing connects.
const withImmer = () => create<FeedState>()(transport(immer(() => initial), { endpoints }))
const plain = () => create<FeedState>()(transport(() => initial, { endpoints }))
const withDevtools = () => create<FeedState>()(devtools(transport(() => initial, { endpoints }), { enabled: false }))
const fullChain = () =>
  create<FeedState>()(devtools(subscribeWithSelector(transport(immer(() => initial), { endpoints })), { enabled: false }))

describe('transport middleware types', () => {
  it('adds the pool as store.transport under immer, devtools, and alone', () => {
    expectTypeOf<ReturnType<typeof withImmer>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<ReturnType<typeof plain>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<ReturnType<typeof withDevtools>['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<ReturnType<typeof fullChain>['transport']>().toEqualTypeOf<ConnectionPool>()
  })

  it('types connections[name] as EndpointHealth', () => {
    type State = ReturnType<ReturnType<typeof withImmer>['getState']>
    expectTypeOf<State['connections']['queue']>().toEqualTypeOf<EndpointHealth>()
    expectTypeOf<State['queue']>().toEqualTypeOf<number[]>()
  })

  it('keeps immer drafts in setState and devtools action names', () => {
    type ImmerSet = ReturnType<typeof withImmer>['setState']
    expectTypeOf<ImmerSet>().toBeCallableWith((draft: FeedState) => {
      draft.queue.push(1)
    })
    type DevtoolsSet = ReturnType<typeof withDevtools>['setState']
    expectTypeOf<DevtoolsSet>().toBeCallableWith({ queue: [1] }, false, 'queue/add')
    expectTypeOf<ReturnType<typeof withDevtools>['devtools']['cleanup']>().toEqualTypeOf<() => void>()

    // Inside the chain, the inner creator's `set` is immer's and accepts devtools' action name.
    const innerSet = () =>
      create<FeedState & { clear: () => void }>()(
        devtools(
          transport(
            immer((set) => ({
              ...initial,
              clear: () =>
                set(
                  (draft) => {
                    draft.queue.length = 0
                  },
                  false,
                  'queue/clear',
                ),
            })),
            { endpoints: [] },
          ),
          { enabled: false },
        ),
      )
    expectTypeOf<ReturnType<ReturnType<typeof innerSet>['getState']>['clear']>().toEqualTypeOf<() => void>()
  })

  it('requires reducers written for the store state', () => {
    const wrong: StoreEndpointConfig<{ other: string } & ConnectionsSlice>[] = []
    // @ts-expect-error: these reducers write another state shape
    const wrongReducers = () => create<FeedState>()(transport(() => initial, { endpoints: wrong }))
    // @ts-expect-error: the inner state creator must provide the data slices
    const missingSlice = () => create<FeedState>()(transport(() => ({ queue: [] }), { endpoints }))
    expectTypeOf(wrongReducers).toBeFunction()
    expectTypeOf(missingSlice).toBeFunction()
  })

  it('types the dashboard store and the hooks', () => {
    type Store = ReturnType<typeof createDashboardStore>
    expectTypeOf<Store['transport']>().toEqualTypeOf<ConnectionPool>()
    expectTypeOf<ReturnType<Store['getState']>>().toEqualTypeOf<DashboardState>()
    expectTypeOf<Store>().toExtend<Parameters<typeof useEndpointHealth>[0]>()
    expectTypeOf(useEndpointHealth).returns.toEqualTypeOf<EndpointHealth | undefined>()
  })
})
