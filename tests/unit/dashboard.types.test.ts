import type { StandardSchemaV1 as OfficialStandardSchemaV1 } from '@standard-schema/spec'
import * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { createDashboardStore, feed, useGlobalWebSocket, type SlicesOf, type StandardSchemaV1 } from 'zustand-realtime'

// These assertions count through `tsc` (npm run typecheck), not through `vitest run`.
const zodQueue = z.object({ queue_items: z.array(z.object({ item_id: z.string() })) })
const valibotRoutes = v.object({ routes: v.array(v.string()) })

describe('catalogue types', () => {
  it('slices are unknown without overrides', () => {
    const store = createDashboardStore('ws://types.test', { lifecycle: null })
    expectTypeOf(store.getState().queue).toEqualTypeOf<unknown>()
    expectTypeOf<ReturnType<typeof store.getState>['connections']['queue']['dataError']>().toEqualTypeOf<{ message: string; at: number; count: number } | null>()
  })

  it('a schema types its slice with its output; select and reduce with what they return', () => {
    const store = createDashboardStore('ws://types.test', {
      lifecycle: null,
      feeds: {
        queue: { schema: zodQueue },
        routes: { schema: valibotRoutes },
        workflows: feed({ schema: zodQueue, select: (data) => data.queue_items.length }),
        'system-status': { schema: (data: unknown) => String(data) },
        'webhook-status': { reduce: (previous: string[] | null, data: unknown) => [...(previous ?? []), String(data)] },
      },
    })
    const state = store.getState()
    expectTypeOf(state.queue).toEqualTypeOf<{ queue_items: { item_id: string }[] } | null>()
    expectTypeOf(state.routes).toEqualTypeOf<{ routes: string[] } | null>()
    expectTypeOf(state.workflows).toEqualTypeOf<number | null>()
    expectTypeOf(state.systemStatus).toEqualTypeOf<string | null>()
    expectTypeOf(state.webhookStatus).toEqualTypeOf<string[] | null>()
    expectTypeOf(state.adwMonitor).toEqualTypeOf<unknown>()
  })

  it('the facade hook takes the slice types the provider\'s overrides produce', () => {
    const feeds = { queue: { schema: zodQueue } } as const
    type Slices = SlicesOf<typeof feeds>
    expectTypeOf<ReturnType<typeof useGlobalWebSocket<Slices>>['queueData']>().toEqualTypeOf<{ queue_items: { item_id: string }[] } | null>()
    expectTypeOf<ReturnType<typeof useGlobalWebSocket>['queueData']>().toEqualTypeOf<unknown>()
  })

  it('our copy of the Standard Schema interface is the official one', () => {
    expectTypeOf<StandardSchemaV1<string, number>>().toEqualTypeOf<OfficialStandardSchemaV1<string, number>>()
    expectTypeOf(zodQueue).toExtend<StandardSchemaV1>()
    expectTypeOf(valibotRoutes).toExtend<StandardSchemaV1>()
  })
})
