// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDashboardStore, GlobalWebSocketProvider, useDashboardStore, type DashboardStoreOptions } from 'zustand-realtime'
import { tabSharingOf, type FetchLike } from 'zustand-realtime/transport'
import { messageTypeOf } from '../../src/store/dashboard/feeds'
import { fakeSockets, type FakeSocket } from '../helpers/fakeWebSocket'
import { memoryChannels } from '../helpers/memoryChannel'
import { MemoryLocks } from '../helpers/memoryLocks'

const BASE = 'ws://h:1'
const feedOf = (socket: FakeSocket): string => socket.url.slice(socket.url.lastIndexOf('/') + 1)
const stores: ReturnType<typeof createDashboardStore>[] = []

/** The catalogue store on scripted sockets (each opens with its snapshot when the test says so). */
const dashboard = (options: DashboardStoreOptions = {}) => {
  const sockets = fakeSockets()
  const polls: string[] = []
  const fetch: FetchLike = async (url) => {
    polls.push(url)
    return { ok: true, status: 200, headers: { get: () => null }, text: async () => JSON.stringify({ type: messageTypeOf(url.slice(url.lastIndexOf('/') + 1)), data: { polled: true }, seq: 9 }) }
  }
  const store = createDashboardStore(BASE, { WebSocket: sockets.WebSocket, fetch, lifecycle: null, random: () => 0.5, shareAcrossTabs: false, batch: 'none', ...options })
  stores.push(store)
  const openAll = (): void => {
    for (const socket of sockets.all) {
      if (socket.readyState !== 0 || !socket.isLive) continue
      socket.open()
      socket.receive({ type: messageTypeOf(feedOf(socket)), data: { n: 1 }, seq: 1 })
    }
  }
  return { store, sockets, polls, openAll }
}

describe('catalogue-wide options of createDashboardStore (and so of GlobalWebSocketProvider)', () => {
  beforeEach(() => { vi.useFakeTimers({ now: 0 }) })
  afterEach(() => {
    for (const store of stores.splice(0)) store.transport.disconnect()
    cleanup()
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('heartbeat: false sends no ping on any feed and says "off" in health; by default every feed pings', async () => {
    const pingsOf = (sockets: FakeSocket[]) => sockets.flatMap((socket) => socket.sentFrames()).filter((frame) => frame.type === 'ping').length
    const off = dashboard({ heartbeat: false })
    const on = dashboard()
    void off.store.transport.connect()
    void on.store.transport.connect()
    await vi.advanceTimersByTimeAsync(2000)
    off.openAll()
    on.openAll()
    await vi.advanceTimersByTimeAsync(61_000)
    expect(pingsOf(off.sockets.all)).toBe(0)
    expect(Object.values(off.store.transport.healthAll()).map((health) => health.heartbeat)).toEqual(Array(8).fill('off'))
    expect(pingsOf(on.sockets.all)).toBeGreaterThanOrEqual(8)
    expect(Object.values(on.store.transport.healthAll()).every((health) => health.heartbeat === 'on')).toBe(true)
  })

  it('checkSeq: false applies a frame that skips ahead as it comes (no resync); by default the gap resyncs by the poll GET', async () => {
    const unchecked = dashboard({ checkSeq: false })
    const checked = dashboard()
    void unchecked.store.transport.connect()
    void checked.store.transport.connect()
    await vi.advanceTimersByTimeAsync(2000)
    unchecked.openAll()
    checked.openAll()
    for (const { sockets } of [unchecked, checked]) sockets.last('/queue').receive({ type: 'queue_update', data: { n: 5 }, seq: 5 })
    await vi.advanceTimersByTimeAsync(100)

    expect(unchecked.store.getState().queue).toEqual({ n: 5 })
    expect(unchecked.polls).toEqual([])
    expect(unchecked.store.transport.health('queue').sequence).toBeUndefined()
    expect(checked.polls).toEqual(['http://h:1/api/v1/queue'])
    expect(checked.store.transport.health('queue').sequence?.gapsDetected).toBe(1)
    expect(checked.store.getState().queue).toEqual({ polled: true })
  })

  describe('tabs share one connection set by default', () => {
    beforeEach(() => {
      // A browser's Web Locks and BroadcastChannel (jsdom has neither).
      vi.stubGlobal('navigator', { ...globalThis.navigator, locks: new MemoryLocks().client('tab') })
      vi.stubGlobal('BroadcastChannel', memoryChannels().BroadcastChannel)
    })

    it('createDashboardStore: shared unless shareAcrossTabs: false', () => {
      expect(tabSharingOf(dashboard({ shareAcrossTabs: undefined }).store.transport)).not.toBeNull()
      expect(tabSharingOf(dashboard({ shareAcrossTabs: false }).store.transport)).toBeNull()
    })

    it('GlobalWebSocketProvider: shared unless its options say shareAcrossTabs: false', () => {
      const seen: (object | null)[] = []
      const Probe = () => {
        seen.push(tabSharingOf(useDashboardStore().transport))
        return null
      }
      const { WebSocket } = fakeSockets()
      render(<GlobalWebSocketProvider baseUrl={BASE} options={{ WebSocket, lifecycle: null }}><Probe /></GlobalWebSocketProvider>)
      render(<GlobalWebSocketProvider baseUrl={BASE} options={{ WebSocket, lifecycle: null, shareAcrossTabs: false }}><Probe /></GlobalWebSocketProvider>)
      expect(seen.map((sharing) => sharing !== null)).toEqual([true, false])
    })
  })
})
