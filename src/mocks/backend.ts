import type { RequestHandler, WebSocketHandler } from 'msw'
import { httpBaseOf, wsBaseOf } from '../store/dashboard/endpoints'
import { FEED_NAMES, pollPath, type FeedName } from '../store/dashboard/feeds'
import type { FeedFrame } from '../demo/model/types'
import { broadcast, createBackendContext, type ReceivedLog } from './context'
import { clearFaults } from './faults'
import { createFeedPollHandler } from './feedPollHandler'
import { createFeedSocketHandler } from './feedSocketHandler'
import type { PayloadShape } from './foreignPayloads'
import { createMockScenario, type MockScenario } from './scenario'
import { createUpdateTimer } from './updateTimer'
import { createMockWorld } from './world'

export interface MockBackendOptions {
  /** Where the app connects (default `ws://localhost:8002`); polls go to its http(s) form. */
  baseUrl?: string
  /** Seed of the world's data and of its evolution (default 1). */
  seed?: number
  /** Periodic updates every `ms`; 0 (the default) sends updates only when the scenario pushes them. */
  updateIntervalMs?: number
  /** The clock for timestamps and the restart window (default `Date.now`, which fake timers control). */
  now?: () => number
  /** `'foreign'`: the same feeds with snake_case field names, like a backend another team wrote (default `'ours'`). */
  payloads?: PayloadShape
}

export type MockHandler = RequestHandler | WebSocketHandler

export interface MockBackend {
  /** One `ws.link` handler for the 8 feed sockets, then one `http.get` polling handler per feed: pass them to `setupServer`/`setupWorker`. */
  readonly handlers: MockHandler[]
  readonly scenario: MockScenario
  /** Open mock sockets of one feed, or of all feeds (counted once per `client.id`). */
  connections(name?: FeedName): number
  /** Sockets refused so far (by `restart` or `refuseConnections`), per feed or in total. */
  refusedConnections(name?: FeedName): number
  /** Every frame clients sent, per feed, oldest first. The arrays are cleared in place by `reset()`. */
  readonly received: ReceivedLog
  /** The feed's current snapshot frame, as a new socket or a poll would get it. */
  snapshot<N extends FeedName>(name: N): FeedFrame<N>
  /** Back to a fresh backend: closes open sockets (1001), clears faults and logs, re-seeds the world, restores the update interval. */
  reset(): void
  /** Stops the update timer and closes every open socket (1001). Idempotent. */
  dispose(): void
}

export const createMockBackend = (options: MockBackendOptions = {}): MockBackend => {
  const { baseUrl = 'ws://localhost:8002', seed = 1, updateIntervalMs = 0, now = () => Date.now(), payloads = 'ours' } = options
  const context = createBackendContext(seed, now, payloads)
  const timer = createUpdateTimer(() => {
    for (const { name, frame } of context.world.tick()) broadcast(context, name, context.encode(frame))
  })
  const scenario = createMockScenario(context, timer.set)
  const handlers: MockHandler[] = [
    createFeedSocketHandler(context, wsBaseOf(baseUrl)),
    ...FEED_NAMES.map((name) => createFeedPollHandler(context, name, `${httpBaseOf(baseUrl)}${pollPath(name)}`)),
  ]
  const closeEverything = (): void => {
    timer.clear()
    context.sockets.closeAll(undefined, 1001, 'mock backend going away')
  }
  timer.set(updateIntervalMs)

  return {
    handlers,
    scenario,
    connections: (name) => context.sockets.count(name),
    refusedConnections: (name) => (name === undefined ? FEED_NAMES : [name]).reduce((total, feed) => total + context.refused[feed].size, 0),
    received: context.received,
    snapshot: (name) => context.world.frame(name),
    reset: () => {
      closeEverything()
      clearFaults(context.faults)
      for (const name of FEED_NAMES) {
        context.received[name].length = 0
        context.refused[name].clear()
      }
      context.world = createMockWorld(seed, now)
      timer.set(updateIntervalMs)
    },
    dispose: closeEverything,
  }
}
