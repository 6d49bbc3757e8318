import { afterEach, beforeEach, vi } from 'vitest'
import { immer } from 'zustand/middleware/immer'
import { createStore } from 'zustand/vanilla'
import { transport, type ConnectionsSlice } from 'zustand-realtime'
import { tabSharingOf, type EndpointHealth, type Message, type PageLifecycle, type TabSharingConfig, type TabSharingState } from 'zustand-realtime/transport'
import { fakeSockets } from '../../helpers/fakeWebSocket'
import { memoryChannels } from '../../helpers/memoryChannel'
import { MemoryLocks } from '../../helpers/memoryLocks'

export const FEEDS = ['queue', 'routes'] as const
export type Feed = (typeof FEEDS)[number]

export interface TabState extends ConnectionsSlice {
  last: Record<string, unknown>
  /** Every `seq` each feed's reducer applied, in order: lost and doubled updates show here. */
  applied: Record<string, number[]>
}

/** A frame of the fake server, numbered per feed. */
export const frame = (feed: Feed, seq: number): Message => ({ type: `${feed}_update`, data: { feed, seq }, seq })

/** A tab's page: visibility and network the test flips; any number of subscribers, like `document` listeners. */
export function tabPage() {
  let hidden = false
  let offline = false
  const subscribers = new Set<Parameters<PageLifecycle['subscribe']>[0]>()
  const lifecycle: PageLifecycle = {
    isHidden: () => hidden,
    isOffline: () => offline,
    subscribe(handlers) {
      subscribers.add(handlers)
      return () => { subscribers.delete(handlers) }
    },
  }
  const each = (call: (handlers: Parameters<PageLifecycle['subscribe']>[0]) => void): void => { for (const handlers of [...subscribers]) call(handlers) }
  return {
    lifecycle,
    hide: () => { hidden = true; each((h) => h.visibilityChange()) },
    show: () => { hidden = false; each((h) => h.visibilityChange()) },
    goOffline: () => { offline = true; each((h) => h.offline()) },
    goOnline: () => { offline = false; each((h) => h.online()) },
    get listeners() { return subscribers.size },
  }
}

export interface TabOptions {
  endpoints?: readonly string[]
  sharing?: TabSharingConfig
  hidden?: boolean
  host?: string
}

/** One tab: its own sockets and page, the browser's locks and channels, a store sharing the set. */
export function createTab(id: string, locks: MemoryLocks, channels: ReturnType<typeof memoryChannels>, options: TabOptions = {}) {
  const sockets = fakeSockets()
  const page = tabPage()
  if (options.hidden === true) page.hide()
  const host = options.host ?? 'h'
  const store = createStore<TabState>()(transport(immer(() => ({ last: {}, applied: {} })), {
    endpoints: (options.endpoints ?? FEEDS).map((name, index) => ({
      name,
      url: `ws://${host}/ws/${name}`,
      priority: index === 0 ? 1 : 2,
      reduce: (draft: TabState, message: Message) => {
        draft.last[name] = message.data
        if (typeof message.seq === 'number') (draft.applied[name] ??= []).push(message.seq)
      },
    })),
    WebSocket: sockets.WebSocket,
    lifecycle: page.lifecycle,
    random: () => 0.5,
    batch: 'none',
    staggerMs: 100,
    hiddenGraceMs: 5000,
    shareAcrossTabs: { locks: locks.client(id), BroadcastChannel: channels.forTab(id), pageExit: null, ...options.sharing },
  }))
  const sharing = tabSharingOf(store.transport)
  if (sharing === null) throw new Error('expected a shared pool')
  const statuses: Record<string, EndpointHealth['status'][]> = {}
  store.transport.onHealth((name, health) => { (statuses[name] ??= []).push(health.status) })
  return {
    id, store, sockets, page, sharing, statuses,
    role: (): TabSharingState['role'] => sharing.state().role,
    /** The server's side: open every socket this tab has in flight. */
    openSockets: () => { for (const socket of sockets.all) if (socket.readyState === 0 && socket.isLive) socket.open() },
    live: () => sockets.live().length,
  }
}
export type Tab = ReturnType<typeof createTab>

/** One browser: a lock manager and a channel bus its tabs share; fake timers from t=0; every tab disconnected after each test. */
export function useBrowser() {
  let locks = new MemoryLocks()
  let channels = memoryChannels()
  const tabs: Tab[] = []
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
    locks = new MemoryLocks()
    channels = memoryChannels()
  })
  afterEach(() => {
    for (const tab of tabs.splice(0)) tab.store.transport.disconnect()
    vi.useRealTimers()
  })
  return {
    openTab(id: string, options: TabOptions = {}): Tab {
      const tab = createTab(id, locks, channels, options)
      tabs.push(tab)
      return tab
    },
    get locks() { return locks },
    get channels() { return channels },
    /** The tab's page is gone without a word (a crash): its channels close, the browser frees its locks. */
    crash(tab: Tab): void {
      channels.crash(tab.id)
      locks.crash(tab.id)
    },
  }
}

/** Lets lock grants and channel deliveries (microtasks) and due timers run. */
export const settle = async (ms = 0): Promise<void> => {
  await vi.advanceTimersByTimeAsync(ms)
  for (let i = 0; i < 20; i += 1) await Promise.resolve()
  await vi.advanceTimersByTimeAsync(0)
}

/** Connects the tabs in order, each after the previous one settled; opens the leader's sockets (staggered). */
export const connectAll = async (...tabs: Tab[]): Promise<void> => {
  for (const tab of tabs) {
    void tab.store.transport.connect()
    await settle()
  }
  await settle(1000)
  for (const tab of tabs) tab.openSockets()
  await settle()
}
