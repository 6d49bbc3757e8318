// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react'
import { setupServer } from 'msw/node'
import type { ReactNode } from 'react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DASHBOARD_FEEDS, GlobalWebSocketProvider, useGlobalWebSocket, type FeedName } from 'zustand-realtime'
import { createMockBackend, foreignFrame } from 'zustand-realtime/mocks'
import { demoFeeds } from '../../src/demo/model/demoFeeds'
import { drainMicrotasks } from '../helpers/storeBackend'

/**
 * The facade against an MSW backend that is not ours (snake_case payloads, `payloads: 'foreign'`):
 * with default settings every feed shows the backend's data; with the demo's schemas every feed is a
 * data error that says why — never "Connected" over an empty dashboard.
 */
const BASE = 'ws://foreign.test'
const backend = createMockBackend({ baseUrl: BASE, payloads: 'foreign' })
const server = setupServer(...backend.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => backend.reset())
afterAll(() => server.close())

const CAMEL: Record<FeedName, string> = {
  queue: 'queue', 'adw-monitor': 'adwMonitor', workflows: 'workflows', routes: 'routes',
  'workflow-history': 'workflowHistory', 'planned-features': 'plannedFeatures', 'system-status': 'systemStatus', 'webhook-status': 'webhookStatus',
}

const render = (feeds?: typeof demoFeeds) =>
  renderHook(() => useGlobalWebSocket(), {
    wrapper: ({ children }: { children: ReactNode }) => (
      <GlobalWebSocketProvider baseUrl={BASE} options={{ lifecycle: null, staggerMs: 0, batch: 'microtask' }} {...(feeds === undefined ? {} : { feeds })}>{children}</GlobalWebSocketProvider>
    ),
  })

const settle = async (until: () => boolean): Promise<void> => {
  for (let turn = 0; turn < 200 && !until(); turn++) await act(async () => { await new Promise((resolve) => setTimeout(resolve, 10)) })
}

describe('GlobalWebSocketProvider on a foreign-payload backend (MSW)', () => {
  it('with default settings: every feed holds the backend\'s data as sent, Connected, no data error', async () => {
    const { result, unmount } = render()
    const value = (): Record<string, unknown> => Object.fromEntries(Object.entries(result.current))
    await settle(() => DASHBOARD_FEEDS.every((feed) => value()[`${CAMEL[feed.name]}Data`] !== null))
    for (const feed of DASHBOARD_FEEDS) {
      const data = value()[`${CAMEL[feed.name]}Data`]
      const sent = foreignFrame(backend.snapshot(feed.name)).data
      // The mock world moves with the clock, so compare the shape the backend sends, not the values.
      expect(Object.keys(data ?? {}).sort(), feed.name).toEqual(Object.keys(sent ?? {}).sort())
      expect(Object.keys(data ?? {}), feed.name).toContain('updated_at')
      expect(value()[`${CAMEL[feed.name]}ConnectionState`], feed.name).toMatchObject({ status: 'connected', dataError: null })
    }
    unmount()
    await drainMicrotasks()
  })

  it('with the demo\'s schemas: every feed exposes a data error (why, since when, how many) and no data', async () => {
    const { result, unmount } = render(demoFeeds)
    await settle(() => result.current.queueConnectionState.dataError !== null && result.current.webhookStatusConnectionState.dataError !== null)
    expect(result.current.queueData).toBeNull()
    expect(result.current.queueConnectionState).toMatchObject({
      status: 'connected',
      connectionQuality: 'poor',
      dataError: { message: expect.stringMatching(/^queue: queue_update rejected by its schema: data\./), count: 1 },
    })
    expect(result.current.adwConnectionState.dataError?.message).toMatch(/^adw-monitor: adw_monitor_update rejected by its schema/)
    unmount()
    await drainMicrotasks()
  })
})
