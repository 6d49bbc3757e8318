import { vi } from 'vitest'
import { create } from 'zustand'
import { immer } from 'zustand/middleware/immer'
import {
  createDashboardStore, createInitialDashboardState, dashboardEndpoints, DASHBOARD_FEEDS, transport,
  type BatchMode, type DashboardState, type DashboardStoreOptions, type EndpointHealth, type FeedKey, type FeedName, type RealtimeStore, type SlicesOf,
} from 'zustand-realtime'
import { createFeedSource } from '../../server/feedSource'
import { demoFeeds } from '../../src/demo/model/demoFeeds'
import type { FrameData } from '../../soak/hostileFrames'
import { fakeSockets, type FakeSocket } from './fakeWebSocket'

/**
 * A dashboard store (all 8 feeds with the demo's schemas, Node defaults: microtask batching) on fake sockets, for the
 * client fuzz tests: deliver any frame to a feed's socket and observe what the store made of it.
 * Call with fake timers installed (`vi.useFakeTimers()`); the fixture advances them itself.
 */

export const keyOf = (feed: FeedName): FeedKey => {
  const found = DASHBOARD_FEEDS.find((entry) => entry.name === feed)
  if (found === undefined) throw new Error(`unknown feed ${feed}`)
  return found.key
}

/** What a frame may change: the drop and foreign counters, lastError, dataError, the slice and its seq. */
export interface Observation {
  dropped: number
  foreign: number
  lastError: EndpointHealth['lastError']
  dataError: EndpointHealth['dataError']
  slice: unknown
  seq: number
}

export interface FuzzStore {
  readonly store: RealtimeStore<DemoState>
  socketOf(feed: FeedName): FakeSocket
  /** Hands `data` to the feed's socket as one inbound frame, then lets the store flush. */
  deliver(feed: FeedName, data: FrameData): Promise<void>
  /** The next valid frame of `feed` (seq one higher than the last), as the server would send it. */
  nextValid(feed: FeedName): { type: string; data: unknown; seq: number }
  observe(feed: FeedName): Observation
  close(): void
}

const flushMicrotasks = async (): Promise<void> => {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve()
}

/** The dashboard catalogue under immer (drafts, frozen results): what the store looks like in an app that adds immer. */
type DemoState = DashboardState<SlicesOf<typeof demoFeeds>>

const dashboardStoreWithImmer = (baseUrl: string, { devtools: _devtools, feeds: _feeds, ...options }: DashboardStoreOptions<typeof demoFeeds>): RealtimeStore<DemoState> =>
  create<DemoState>()(transport(immer(createInitialDashboardState), { ...options, endpoints: dashboardEndpoints(baseUrl, { feeds: demoFeeds }) }))

export async function openFuzzStore(options: { maxMessageBytes?: number; seed?: number; batch?: BatchMode; immer?: boolean } = {}): Promise<FuzzStore> {
  const sockets = fakeSockets()
  const storeOptions: DashboardStoreOptions<typeof demoFeeds> = {
    WebSocket: sockets.WebSocket,
    lifecycle: null,
    batch: options.batch ?? 'microtask',
    devtools: { enabled: false },
    random: () => 0.5,
    feeds: demoFeeds,
    ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
  }
  const store = options.immer === true ? dashboardStoreWithImmer('ws://fuzz.test', storeOptions) : createDashboardStore('ws://fuzz.test', storeOptions)
  const source = createFeedSource(options.seed ?? 7, Date.now())
  void store.transport.connect()
  vi.advanceTimersByTime(1000)
  const socketOf = (feed: FeedName): FakeSocket => sockets.last(`/api/v1/ws/${feed}`)
  const deliver = async (feed: FeedName, data: FrameData): Promise<void> => {
    vi.advanceTimersByTime(1) // distinct error timestamps, so "the last error seen" is well defined
    const socket = socketOf(feed)
    if (typeof data === 'string') socket.receive(data)
    else socket.onmessage?.({ data: Buffer.from(data) })
    await flushMicrotasks()
  }
  for (const { name } of DASHBOARD_FEEDS) {
    socketOf(name).open()
    await deliver(name, JSON.stringify(source.frame(name)))
  }
  return {
    store,
    socketOf,
    deliver,
    nextValid(feed) {
      source.touch(feed, Date.now())
      return JSON.parse(JSON.stringify(source.frame(feed))) as { type: string; data: unknown; seq: number }
    },
    observe(feed) {
      const state = store.getState()
      return {
        dropped: store.transport.metrics().endpoints[feed]?.messagesDropped ?? 0,
        foreign: store.transport.metrics().endpoints[feed]?.foreignFrames ?? 0,
        lastError: state.connections[feed]?.lastError ?? null,
        dataError: state.connections[feed]?.dataError ?? null,
        slice: state[keyOf(feed)],
        seq: state.seq[feed],
      }
    },
    close: () => store.transport.disconnect(),
  }
}

/** Own property names of the built-in prototypes, to prove no frame added any. */
export const prototypeFingerprint = (): string[] =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype].flatMap((proto, index) =>
    Object.getOwnPropertyNames(proto).map((name) => `${index}:${name}`).sort(),
  )

/** Every object reachable in `value` has a plain prototype (Object.prototype or Array.prototype). */
export function allPlainPrototypes(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item !== 'object' || item === null) continue
    const proto: unknown = Object.getPrototypeOf(item)
    if (proto !== Object.prototype && proto !== Array.prototype) return false
    for (const key of Object.getOwnPropertyNames(item)) stack.push(Reflect.get(item, key))
  }
  return true
}
