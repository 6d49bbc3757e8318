import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createInitialDashboardState, dashboardEndpoints, DataRejection, feed, type DashboardState, type FeedOverrides } from 'zustand-realtime'

const freshState = (): DashboardState => ({ ...createInitialDashboardState(), connections: {} as DashboardState['connections'] })
const endpointOf = (feeds: FeedOverrides, name: string, base = 'ws://h:1') => {
  const endpoint = dashboardEndpoints(base, { feeds }).find((candidate) => candidate.name === name)
  if (endpoint === undefined) throw new Error(`no ${name}`)
  return endpoint
}

/** The foreign backend's queue payload: snake_case, not the demo's shape. */
const foreignQueue = { queue_items: [{ item_id: 'a', issue_no: 7 }], is_paused: false }

const zodQueue = z.object({ queue_items: z.array(z.object({ item_id: z.string(), issue_no: z.number() })), is_paused: z.boolean() })
const valibotQueue = v.object({ queue_items: v.array(v.object({ item_id: v.string(), issue_no: v.number() })), is_paused: v.boolean() })

describe.each([
  ['zod', zodQueue],
  ['valibot', valibotQueue],
] as const)('a %s schema on a feed', (_, schema) => {
  it('lets valid data through and rejects the rest with the issue and its path, before writing', () => {
    const { reduce } = endpointOf({ queue: { schema } }, 'queue')
    const state = freshState()
    reduce(state, { type: 'queue_update', data: foreignQueue })
    expect(state.queue).toEqual(foreignQueue)

    const bad = { queue_items: [{ item_id: 'a', issue_no: 'seven' }], is_paused: false }
    let thrown: unknown = null
    try {
      reduce(state, { type: 'queue_update', data: bad })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(DataRejection)
    expect(String(thrown)).toMatch(/^DataRejection: queue: queue_update rejected by its schema: data\.queue_items\.0\.issue_no: .+/)
    expect(state.queue).toEqual(foreignQueue)
  })

  it('feeds select with the validated data, so the slice is the app\'s own shape', () => {
    const { reduce } = endpointOf({ queue: feed({ schema, select: (data) => data.queue_items.map((item) => item.item_id) }) }, 'queue')
    const state = freshState()
    reduce(state, { type: 'queue_update', data: foreignQueue })
    expect(state.queue).toEqual(['a'])
  })
})

describe('per-feed overrides', () => {
  it('a zod transform is applied: the slice holds the schema output', () => {
    const schema = z.object({ n: z.string() }).transform(({ n }) => Number(n))
    const { reduce } = endpointOf({ routes: { schema } }, 'routes')
    const state = freshState()
    reduce(state, { type: 'routes_update', data: { n: '42' } })
    expect(state.routes).toBe(42)
  })

  it('an async schema is refused with a message that says to use a synchronous one', () => {
    const schema = z.object({ n: z.number() }).refine(async () => true)
    const { reduce } = endpointOf({ routes: { schema } }, 'routes')
    expect(() => reduce(freshState(), { type: 'routes_update', data: { n: 1 } })).toThrow('routes: routes_update: the schema validates asynchronously; use a synchronous schema')
  })

  it('a plain function schema returns the data or throws; its message is the reason', () => {
    const schema = (data: unknown): number => {
      if (typeof data !== 'number') throw new Error('expected a number')
      return data
    }
    const { reduce } = endpointOf({ workflows: { schema } }, 'workflows')
    const state = freshState()
    reduce(state, { type: 'workflows_update', data: 3 })
    expect(state.workflows).toBe(3)
    expect(() => reduce(state, { type: 'workflows_update', data: 'x' })).toThrow('workflows: workflows_update rejected by its schema: expected a number')
  })

  it('reduce folds each payload into the previous slice (a backend that sends changes)', () => {
    const { reduce } = endpointOf({ 'webhook-status': { reduce: (previous: unknown, data: unknown) => [...(Array.isArray(previous) ? previous : []), data] } }, 'webhook-status')
    const state = freshState()
    reduce(state, { type: 'webhook_status_update', data: 'a' })
    reduce(state, { type: 'webhook_status_update', data: 'b', seq: 9 })
    expect(state.webhookStatus).toEqual(['a', 'b'])
    expect(state.seq['webhook-status']).toBe(9)
  })

  it('url and poll take a path on the base, an absolute URL or a function; poll: false drops polling; types and heartbeat pass through', () => {
    const url = () => 'wss://elsewhere/q'
    const endpoints = dashboardEndpoints('https://dash.example.com', {
      token: 't',
      feeds: {
        queue: { url: '/ws/queue', poll: '/rest/queue', heartbeat: false, types: ['queue.changed', 'queue.snapshot'] },
        routes: { url: 'wss://other.example.com/routes?v=2', poll: { url: 'https://rest.example.com/routes', intervalMs: 900, snapshotTimeoutMs: false } },
        workflows: { url, poll: false, priority: 3 },
      },
    })
    const [queue, , workflows, routes] = endpoints
    expect(queue).toMatchObject({
      url: 'wss://dash.example.com/ws/queue?token=t',
      poll: { url: 'https://dash.example.com/rest/queue?token=t' },
      heartbeat: false,
      types: ['queue.changed', 'queue.snapshot'],
    })
    expect(routes).toMatchObject({ url: 'wss://other.example.com/routes?v=2&token=t', poll: { url: 'https://rest.example.com/routes?token=t', intervalMs: 900, snapshotTimeoutMs: false } })
    expect(workflows).toMatchObject({ url, priority: 3 })
    expect(workflows?.poll).toBeUndefined()
    expect(endpoints[1]).not.toHaveProperty('heartbeat')
  })

  it('says what to fix for an unknown feed name, or select and reduce together', () => {
    const typo: FeedOverrides = Object.fromEntries([['queues', {}]])
    expect(() => dashboardEndpoints('ws://h', { feeds: typo })).toThrow('feeds.queues is not a dashboard feed; the feeds are queue, adw-monitor')
    expect(() => dashboardEndpoints('ws://h', { feeds: { queue: { select: (d: unknown) => d, reduce: (_p: unknown, d: unknown) => d } } })).toThrow(
      'feeds.queue has both select and reduce',
    )
  })
})
