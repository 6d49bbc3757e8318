// @vitest-environment jsdom
import { act, render, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createDashboardStore,
  defaultWsBase,
  GlobalWebSocketProvider,
  createGlobalWebSocketSelector,
  useDashboardStore,
  useGlobalWebSocket,
  type EndpointHealth,
  type GlobalWebSocketValue,
} from 'zustand-realtime'
import type { AdwMonitorData, QueueData } from '../../src/demo/model/types'
import { leftovers, NO_HTTP_SNAPSHOT, startFeedBackend, type FeedBackend } from '../helpers/storeBackend'

let backend: FeedBackend

const FEED_KEYS = ['queue', 'adwMonitor', 'workflows', 'routes', 'workflowHistory', 'plannedFeatures', 'systemStatus', 'webhookStatus']
const queueData: QueueData = {
  phases: [{ id: 'q1', issueNumber: 12, title: 'Fix login', phase: 'build', status: 'running', position: 1, enqueuedAt: 1 }],
  paused: false,
  updatedAt: 100,
}
const adwData: AdwMonitorData = { runs: [], summary: { total: 0, running: 0, completed: 0, failed: 0 }, updatedAt: 100 }

const settle = (ms = 1000) => act(() => vi.advanceTimersByTimeAsync(ms))

/** Renders `useGlobalWebSocket()` under the facade and records every value it returned. */
const renderLegacy = (props: { baseUrl?: string } = { baseUrl: backend.baseUrl }) => {
  const values: GlobalWebSocketValue[] = []
  const wrapper = ({ children }: { children: ReactNode }) => (
    <GlobalWebSocketProvider {...props} options={{ lifecycle: null, random: () => 0.5, feeds: NO_HTTP_SNAPSHOT }}>
      {children}
    </GlobalWebSocketProvider>
  )
  const hook = renderHook(
    () => {
      const value = useGlobalWebSocket()
      const store = useDashboardStore()
      values.push(value)
      return { ...value, store }
    },
    { wrapper },
  )
  return { ...hook, values }
}

beforeAll(() => {
  backend = startFeedBackend()
})
afterAll(() => backend.close())

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(async () => {
  vi.unstubAllEnvs()
  expect(await leftovers(backend)).toEqual({ openSockets: 0, timers: 0 })
})

describe('GlobalWebSocketProvider + useGlobalWebSocket', () => {
  it('returns the old shape: <feed>Data and <feed>ConnectionState for every feed, plus adwConnectionState', async () => {
    const { result, values, unmount } = renderLegacy()
    await settle()

    const expectedKeys = [...FEED_KEYS.flatMap((key) => [`${key}Data`, `${key}ConnectionState`]), 'adwConnectionState']
    expect(Object.keys(values.at(-1) ?? {}).sort()).toEqual(expectedKeys.sort())
    expect(result.current.queueConnectionState).toEqual({
      isConnected: true,
      connectionQuality: expect.any(String),
      lastUpdated: null,
      reconnectAttempts: 0,
      circuitState: 'closed',
      lastError: null,
      dataError: null,
      status: 'connected',
      fallback: 'none',
      paused: false,
    })
    expect(result.current.adwConnectionState).toBe(result.current.adwMonitorConnectionState)
    expect(result.current.queueData).toBeNull()
    unmount()
  })

  it('delivers feed data through the dashboard reducers', async () => {
    const { result, unmount } = renderLegacy()
    await settle()

    backend.send('queue', { type: 'queue_update', data: queueData, seq: 1 })
    backend.send('adw-monitor', { type: 'adw_monitor_update', data: adwData, seq: 1 })
    await settle(20)

    expect(result.current.queueData).toEqual(queueData)
    expect(result.current.adwMonitorData).toEqual(adwData)
    expect(result.current.workflowsData).toBeNull()
    expect(result.current.queueConnectionState.lastUpdated).toEqual(expect.any(Number))
    unmount()
  })

  it('re-renders only when something it returns changed', async () => {
    const { result, values, unmount } = renderLegacy()
    await settle()
    const store = result.current.store
    const before = values.length
    const moveQueueHealth = (change: Partial<EndpointHealth>) =>
      act(() => store.setState((state) => ({ connections: { ...state.connections, queue: { ...state.connections.queue, ...change } } })))

    moveQueueHealth({ latencyMs: 42, nextRetryAt: 7 })
    expect(values.length).toBe(before)

    moveQueueHealth({ lastUpdated: 1234 })
    expect(values.length).toBe(before + 1)
    expect(values.at(-1)?.queueConnectionState.lastUpdated).toBe(1234)
    expect(values.at(-1)?.routesConnectionState).toBe(values.at(-2)?.routesConnectionState)
    unmount()
  })

  it('connects to VITE_WS_BASE when no baseUrl is given', async () => {
    vi.stubEnv('VITE_WS_BASE', backend.baseUrl)
    expect(defaultWsBase()).toBe(backend.baseUrl)
    const { result, unmount } = renderLegacy({})
    await settle()

    expect(result.current.routesConnectionState.status).toBe('connected')
    expect(backend.openSockets()).toBe(8)
    unmount()
  })

  it('falls back to ws://localhost:8002 without VITE_WS_BASE', () => {
    vi.stubEnv('VITE_WS_BASE', '')
    expect(defaultWsBase()).toBe('ws://localhost:8002')
  })

  it('throws a clear error outside the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const Lonely = () => <>{String(useGlobalWebSocket().queueData)}</>
    expect(() => render(<Lonely />)).toThrow(/inside <GlobalWebSocketProvider>/)
  })
})

describe('createGlobalWebSocketSelector', () => {
  it('keeps a ConnectionState identical while its fields are unchanged', () => {
    const select = createGlobalWebSocketSelector()
    const state = createDashboardStore(backend.baseUrl, { lifecycle: null }).getState()
    const first = select(state)
    const withQueue = (change: Partial<EndpointHealth>) => ({
      ...state,
      connections: { ...state.connections, queue: { ...state.connections.queue, ...change } },
    })

    expect(select(withQueue({ latencyMs: 10 })).queueConnectionState).toBe(first.queueConnectionState)
    const second = select(withQueue({ lastUpdated: 5 }))
    expect(second.queueConnectionState).not.toBe(first.queueConnectionState)
    expect(second.queueConnectionState.lastUpdated).toBe(5)
    expect(second.routesConnectionState).toBe(first.routesConnectionState)
    expect(second.adwConnectionState).toBe(second.adwMonitorConnectionState)
  })
})
