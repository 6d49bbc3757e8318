// @vitest-environment jsdom
import { act, render, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createDashboardStore,
  defaultWsBase,
  GlobalWebSocketProvider,
  selectGlobalWebSocket,
  useGlobalWebSocket,
  type AdwMonitorData,
  type GlobalWebSocketValue,
  type QueueData,
} from 'zustand-realtime'
import { startFeedBackend, type FeedBackend } from '../helpers/storeBackend'

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
    <GlobalWebSocketProvider {...props} options={{ lifecycle: null, random: () => 0.5 }}>
      {children}
    </GlobalWebSocketProvider>
  )
  const hook = renderHook(
    () => {
      const value = useGlobalWebSocket()
      values.push(value)
      return value
    },
    { wrapper },
  )
  return { ...hook, values }
}

beforeEach(() => {
  vi.useFakeTimers()
  backend = startFeedBackend()
})

afterEach(async () => {
  await settle(0)
  expect(backend.openSockets()).toBe(0)
  expect(vi.getTimerCount()).toBe(0)
  backend.close()
  vi.unstubAllEnvs()
  vi.useRealTimers()
})

describe('GlobalWebSocketProvider + useGlobalWebSocket', () => {
  it('returns the old shape: <feed>Data and <feed>ConnectionState for every feed, plus adwConnectionState', async () => {
    const { result, unmount } = renderLegacy()
    await settle()

    const expectedKeys = [...FEED_KEYS.flatMap((key) => [`${key}Data`, `${key}ConnectionState`]), 'adwConnectionState']
    expect(Object.keys(result.current).sort()).toEqual(expectedKeys.sort())
    expect(result.current.queueConnectionState).toEqual({
      isConnected: true,
      connectionQuality: expect.any(String),
      lastUpdated: null,
      reconnectAttempts: 0,
      circuitState: 'closed',
      lastError: null,
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

  it('re-renders once per flush, not once per feed message', async () => {
    const { values, unmount } = renderLegacy()
    await settle()
    const before = values.length

    for (let seq = 1; seq <= 20; seq += 1) backend.send('queue', { type: 'queue_update', data: { ...queueData, updatedAt: seq }, seq })
    await settle(20)

    expect(values.at(-1)?.queueData?.updatedAt).toBe(20)
    expect(values.length - before).toBeLessThanOrEqual(3)
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

describe('selectGlobalWebSocket', () => {
  it('keeps each ConnectionState identical while its health object is unchanged', () => {
    const state = createDashboardStore(backend.baseUrl, { lifecycle: null }).getState()
    const first = selectGlobalWebSocket(state)
    const queueMoved = { ...state, connections: { ...state.connections, queue: { ...state.connections.queue, lastUpdated: 5 } } }
    const second = selectGlobalWebSocket(queueMoved)

    expect(second.routesConnectionState).toBe(first.routesConnectionState)
    expect(second.adwConnectionState).toBe(first.adwConnectionState)
    expect(second.queueConnectionState).not.toBe(first.queueConnectionState)
    expect(second.queueConnectionState.lastUpdated).toBe(5)
  })
})
