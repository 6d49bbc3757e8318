import { describe, expect, it, vi } from 'vitest'
import { immer } from 'zustand/middleware/immer'
import { createStore } from 'zustand/vanilla'
import { createDashboardStore, transport, type ConnectionsSlice } from 'zustand-realtime'
import { createTabAwarePool, tabSharingOf } from 'zustand-realtime/transport'
import { retainConnection } from '../../../src/store/connectionRefs'
import { fakeSockets } from '../../helpers/fakeWebSocket'
import { memoryChannels } from '../../helpers/memoryChannel'
import { MemoryLocks } from '../../helpers/memoryLocks'
import { connectAll, frame, settle, useBrowser } from './fixture'

describe('tab sharing: lifecycle, leaks and fallback', () => {
  const browser = useBrowser()

  it('after every tab disconnects: no lock request, no open channel, no timer, no page listener', async () => {
    const tabs = [browser.openTab('a'), browser.openTab('b'), browser.openTab('c')]
    await connectAll(...tabs)
    tabs[0]?.page.hide() // the leader hidden: both followers have a steal timer pending
    await settle(100)
    for (const tab of tabs) tab.store.transport.disconnect()
    await settle()
    expect(browser.locks.requests).toBe(0)
    expect(browser.channels.open.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    for (const tab of tabs) {
      expect(tab.page.listeners).toBe(0)
      expect(tab.live()).toBe(0)
      expect(tab.role()).toBe('idle')
      expect(tab.store.getState().connections.queue?.status).toBe('disconnected')
    }
  })

  it('the back/forward cache: pagehide leaves the set (the other tab leads), pageshow rejoins, and one page-exit subscription however the app reconnects', async () => {
    const subscriptions = new Set<{ exit(): void; back(): void }>()
    const pageExit = (handlers: { exit(): void; back(): void }) => {
      subscriptions.add(handlers)
      return () => { subscriptions.delete(handlers) }
    }
    const a = browser.openTab('a', { sharing: { pageExit } })
    const b = browser.openTab('b')
    await connectAll(a, b)
    expect([a.role(), b.role()]).toEqual(['leader', 'follower'])
    const page = () => [...subscriptions][0]
    page()?.exit() // pagehide into the cache
    await settle(1000)
    expect([a.role(), b.role()]).toEqual(['idle', 'leader'])
    expect(a.live()).toBe(0)
    page()?.back() // pageshow, persisted
    await settle()
    expect(a.role()).toBe('follower')
    page()?.exit()
    await settle()
    void a.store.transport.connect() // the app reconnects before the page comes back
    await settle()
    expect(a.role()).toBe('follower')
    expect(subscriptions.size).toBe(1)
    a.store.transport.disconnect()
    expect(subscriptions.size).toBe(0)
  })

  it('connect → disconnect → connect again: a tab rejoins (and a follower gets the state dump again)', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    a.sockets.last('queue').receive(frame('queue', 1))
    await settle()
    b.store.transport.disconnect()
    a.sockets.last('queue').receive(frame('queue', 2))
    await settle()
    void b.store.transport.connect()
    await settle()
    expect(b.role()).toBe('follower')
    expect(b.store.getState().last.queue).toEqual({ feed: 'queue', seq: 2 })
    expect(a.sharing.state().tabs).toBe(2)
  })

  it('StrictMode’s mount → unmount → mount keeps the tab in the election: no bye, no second lock request', async () => {
    const a = browser.openTab('a')
    await connectAll(a)
    const release = retainConnection(a.store.transport)
    const releaseAgain = retainConnection(a.store.transport)
    release()
    await settle()
    expect(a.role()).toBe('leader')
    expect(browser.locks.requests).toBe(1)
    releaseAgain()
    a.store.transport.disconnect()
  })

  it('falls back to a pool of its own without Web Locks or BroadcastChannel, and in Node by default', () => {
    const endpoints = [{ name: 'queue', url: 'ws://h/ws/queue' }]
    const { WebSocket } = fakeSockets()
    const channels = memoryChannels()
    const noLocks = createTabAwarePool({ endpoints, WebSocket, lifecycle: null }, { locks: null, BroadcastChannel: channels.BroadcastChannel })
    const noChannel = createTabAwarePool({ endpoints, WebSocket, lifecycle: null }, { locks: new MemoryLocks().client('x'), BroadcastChannel: null })
    const nodeDefault = createTabAwarePool({ endpoints, WebSocket, lifecycle: null }, true)
    const shared = createTabAwarePool({ endpoints, WebSocket, lifecycle: null }, { locks: new MemoryLocks().client('x'), BroadcastChannel: channels.BroadcastChannel })
    expect([noLocks, noChannel, nodeDefault].map(tabSharingOf)).toEqual([null, null, null])
    expect(tabSharingOf(shared)).not.toBeNull()
    // The dashboard store asks for sharing by default; here (Node: no navigator.locks) it runs its own sockets.
    const dashboard = createDashboardStore('ws://h', { WebSocket, lifecycle: null })
    expect(tabSharingOf(dashboard.transport)).toBeNull()
  })

  it('the raw middleware does not share unless asked', () => {
    const { WebSocket } = fakeSockets()
    const store = createStore<ConnectionsSlice>()(transport(immer(() => ({})), {
      endpoints: [{ name: 'queue', url: 'ws://h/ws/queue', reduce: () => undefined }], WebSocket, lifecycle: null,
    }))
    expect(tabSharingOf(store.transport)).toBeNull()
  })
})
