import { produce } from 'immer'
import { describe, expect, it } from 'vitest'
import { demoFeeds } from '../../src/demo/model/demoFeeds'
import type { FeedDataMap } from '../../src/demo/model/types'
import { DataRejection } from '../../src/store'
import {
  createInitialDashboardState,
  dashboardEndpoints,
  DASHBOARD_FEEDS,
  initialDashboardState,
  type DashboardState,
  type FeedName,
} from '../../src/store/dashboard'
import type { Message } from '../../src/transport/types'

const validData: { [N in FeedName]: FeedDataMap[N] } = {
  queue: {
    phases: [{ id: 'q-1', issueNumber: 12, title: 'Add login', phase: 'build', status: 'running', position: 0, enqueuedAt: 1 }],
    paused: false,
    updatedAt: 10,
  },
  'adw-monitor': {
    runs: [{ adwId: 'a1', issueNumber: 12, workflow: 'sdlc', phase: 'test', currentStep: 'vitest', progress: 40, status: 'running', startedAt: 1 }],
    summary: { total: 1, running: 1, completed: 0, failed: 0 },
    updatedAt: 10,
  },
  workflows: { workflows: [{ id: 'w1', name: 'sdlc', description: 'full', phases: ['plan', 'build'], enabled: true, runsToday: 3 }], updatedAt: 10 },
  routes: { routes: [{ method: 'GET', path: '/api/v1/queue', handler: 'getQueue', description: 'queue', requestsPerMinute: 5 }], updatedAt: 10 },
  'workflow-history': {
    items: [{ adwId: 'a0', workflow: 'sdlc', issueNumber: 3, status: 'completed', startedAt: 1, completedAt: 5, durationSeconds: 4, costUsd: 0.1 }],
    totalRuns: 1,
    successRate: 1,
    updatedAt: 10,
  },
  'planned-features': {
    features: [{ id: 'f1', title: 'Dark mode', priority: 'low', status: 'planned', estimatedHours: 3, issueNumber: null }],
    updatedAt: 10,
  },
  'system-status': {
    overall: 'healthy',
    services: [{ name: 'api', status: 'healthy', latencyMs: 12 }],
    cpuPercent: 20,
    memoryPercent: 40,
    uptimeSeconds: 100,
    updatedAt: 10,
  },
  'webhook-status': {
    webhooks: [{ id: 'h1', source: 'github', event: 'push', status: 'active', lastDeliveryAt: null, successRate: 1, recentFailures: 0 }],
    updatedAt: 10,
  },
}

// The reducers never read `connections`; an empty record stands in for the eight healths.
const noConnections = (): DashboardState['connections'] => ({}) as DashboardState['connections']
const freshState = (): DashboardState => ({ ...createInitialDashboardState(), connections: noConnections() })

const endpointNamed = (name: FeedName, withDemoSchemas = false) => {
  const endpoint = dashboardEndpoints('ws://127.0.0.1:8002', withDemoSchemas ? { feeds: demoFeeds } : {}).find((candidate) => candidate.name === name)
  if (endpoint === undefined) throw new Error(`no endpoint ${name}`)
  return endpoint
}

describe('dashboardEndpoints', () => {
  it('lists the 8 feeds with their priorities, socket URLs and polling URLs', () => {
    const endpoints = dashboardEndpoints('ws://127.0.0.1:8002', { pollIntervalMs: 2500 })
    expect(endpoints.map(({ name, priority, url, poll }) => ({ name, priority, url, poll }))).toEqual([
      ['queue', 1], ['adw-monitor', 1], ['workflows', 2], ['routes', 2],
      ['workflow-history', 2], ['planned-features', 3], ['system-status', 3], ['webhook-status', 3],
    ].map(([name, priority]) => ({
      name,
      priority,
      url: `ws://127.0.0.1:8002/api/v1/ws/${name}`,
      poll: { url: `http://127.0.0.1:8002/api/v1/${name}`, intervalMs: 2500 },
    })))
  })

  it('maps wss to https, drops a trailing slash, leaves the poll interval to the transport when not given', () => {
    const [queue] = dashboardEndpoints('wss://dash.example.com/')
    expect(queue?.url).toBe('wss://dash.example.com/api/v1/ws/queue')
    expect(queue?.poll).toEqual({ url: 'https://dash.example.com/api/v1/queue' })
  })

  it('declares the frame type each feed owns, so the pool routes frames by type', () => {
    expect(dashboardEndpoints('ws://h').map(({ name, types }) => [name, types])).toEqual(DASHBOARD_FEEDS.map((feed) => [feed.name, [feed.messageType]]))
  })

  it('accepts an http base and adds an encoded token to both URLs', () => {
    const [queue] = dashboardEndpoints('http://localhost:8002', { token: 'a b&c' })
    expect(queue?.url).toBe('ws://localhost:8002/api/v1/ws/queue?token=a%20b%26c')
    expect(queue?.poll?.url).toBe('http://localhost:8002/api/v1/queue?token=a%20b%26c')
  })
})

describe('initialDashboardState', () => {
  it('has every slice null and every seq 0, and is frozen', () => {
    expect(initialDashboardState).toEqual({
      queue: null, adwMonitor: null, workflows: null, routes: null, workflowHistory: null,
      plannedFeatures: null, systemStatus: null, webhookStatus: null,
      seq: Object.fromEntries(DASHBOARD_FEEDS.map(({ name }) => [name, 0])),
    })
    expect(Object.isFrozen(initialDashboardState)).toBe(true)
    expect(Object.isFrozen(initialDashboardState.seq)).toBe(true)
  })
})

describe.each(DASHBOARD_FEEDS.map((feed) => [feed.name, feed] as const))('the %s reducer', (name, feed) => {
  const frame: Message = { type: feed.messageType, data: validData[name], seq: 7 }

  it('writes only its own slice and seq, on an immer draft', () => {
    const before = freshState()
    const after = produce(before, (draft) => endpointNamed(name).reduce(draft, frame))
    expect(after[feed.key]).toEqual(validData[name])
    expect(after.seq).toEqual({ ...before.seq, [name]: 7 })
    for (const other of DASHBOARD_FEEDS.filter((candidate) => candidate.name !== name)) {
      expect(after[other.key]).toBe(before[other.key])
    }
    expect(before[feed.key]).toBeNull()
    expect(before.seq[name]).toBe(0)
  })

  it('works on a shallow copy of the frozen initial state without mutating it', () => {
    const copy: DashboardState = { ...initialDashboardState, connections: noConnections() }
    endpointNamed(name).reduce(copy, frame)
    expect(copy[feed.key]).toEqual(validData[name])
    expect(copy.seq[name]).toBe(7)
    expect(initialDashboardState[feed.key]).toBeNull()
    expect(initialDashboardState.seq[name]).toBe(0)
  })

  it('keeps seq when the frame carries none', () => {
    const state = freshState()
    endpointNamed(name).reduce(state, { type: feed.messageType, data: validData[name] })
    expect(state[feed.key]).toEqual(validData[name])
    expect(state.seq[name]).toBe(0)
  })

  it('stores data of any shape as the server sent it when the feed has no schema', () => {
    const state = freshState()
    const foreign = { some_field: [1, 2], other: 'x' }
    endpointNamed(name).reduce(state, { type: feed.messageType, data: foreign, seq: 1 })
    expect(state[feed.key]).toBe(foreign)
  })

  it('with the demo\'s schema: throws a DataRejection that says what is wrong, and leaves the state untouched', () => {
    const state = freshState()
    const snapshot = structuredClone(state)
    const reduce = endpointNamed(name, true).reduce
    expect(() => reduce(state, { type: feed.messageType, data: 'oops', seq: 1 })).toThrow(
      new DataRejection(`${name}: ${feed.messageType} rejected by its schema: data: expected an object, got string`),
    )
    expect(() => reduce(state, { type: feed.messageType, seq: 1 })).toThrow(/data: expected an object, got undefined/)
    expect(() => reduce(state, { type: feed.messageType, data: { ...validData[name], updatedAt: 'now' }, seq: 1 })).toThrow(
      /data\.updatedAt: expected a finite number, got string/,
    )
    expect(state).toEqual(snapshot)
    reduce(state, frame)
    expect(state[feed.key]).toEqual(validData[name])
  })
})

describe('nested shape problems', () => {
  it('names the path of a bad list item', () => {
    const state = freshState()
    const badItem = { ...validData.queue, phases: [validData.queue.phases[0], { id: 'q-2', issueNumber: 3, phase: 'deploy', status: 'queued' }] }
    expect(() => endpointNamed('queue', true).reduce(state, { type: 'queue_update', data: badItem })).toThrow(
      'queue: queue_update rejected by its schema: data.phases[1].phase: expected one of plan|build|test|review|document|ship, got "deploy"',
    )
    expect(state.queue).toBeNull()
  })
})
