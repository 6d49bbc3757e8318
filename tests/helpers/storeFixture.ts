import type { ConnectionsSlice, StoreEndpointConfig, TransportOptions } from 'zustand-realtime'
import type { FeedBackend } from './storeBackend'

/** A small store for middleware tests: two feeds that append what they receive. */
export interface FeedState extends ConnectionsSlice {
  queue: number[]
  workflows: string[]
}

export const initialFeedState: Omit<FeedState, 'connections'> = Object.freeze({ queue: [], workflows: [] })

/** Reducers that assign slices (no nested mutation), so they work with and without immer. */
export const feedEndpoints = (backend: Pick<FeedBackend, 'url'>): StoreEndpointConfig<FeedState>[] => [
  {
    name: 'queue',
    url: backend.url('queue'),
    priority: 1,
    reduce: (draft, message) => {
      if (message.type !== 'queue_update') return
      if (typeof message.data !== 'number') throw new Error(`expected a number, got ${typeof message.data}`)
      draft.queue = [...draft.queue, message.data]
    },
  },
  {
    name: 'workflows',
    url: backend.url('workflows'),
    priority: 2,
    reduce: (draft, message) => {
      if (message.type === 'workflows_update') draft.workflows = [...draft.workflows, String(message.data)]
    },
  },
]

/** Deterministic pool options: no page lifecycle listeners, fixed jitter. */
export const feedOptions = (backend: FeedBackend, extra: Partial<TransportOptions<FeedState>> = {}): TransportOptions<FeedState> => ({
  lifecycle: null,
  random: () => 0.5,
  ...extra,
  endpoints: feedEndpoints(backend),
})
