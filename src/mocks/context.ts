import type { FeedName } from '../store/dashboard/feeds'
import type { Message } from '../transport/types'
import { createMockFaults, type MockFaults } from './faults'
import { encodeFrame, type PayloadShape } from './foreignPayloads'
import { createSocketRegistry, type MockClient, type SocketRegistry } from './sockets'
import { createMockWorld, type MockWorld } from './world'

/** A frame a client sent to the mock backend. `message` is null when it was not a JSON object with a string `type`. */
export interface ReceivedFrame {
  clientId: string
  at: number
  text: string
  message: Message | null
}

export type ReceivedLog = { readonly [N in FeedName]: ReceivedFrame[] }

/** Everything the handlers and the scenario share, owned by one `createMockBackend` call. */
export interface MockBackendContext {
  world: MockWorld
  readonly seed: number
  readonly now: () => number
  readonly sockets: SocketRegistry
  readonly faults: MockFaults
  readonly received: ReceivedLog
  /** Ids of the clients refused per feed (a Set, so a duplicate MSW delivery counts once). */
  readonly refused: { readonly [N in FeedName]: Set<string> }
  /** Serializes a feed frame in the backend's payload shape. */
  readonly encode: (frame: { data: unknown }) => string
}

const perFeed = <T,>(make: () => T): { [N in FeedName]: T } => ({
  queue: make(), 'adw-monitor': make(), workflows: make(), routes: make(),
  'workflow-history': make(), 'planned-features': make(), 'system-status': make(), 'webhook-status': make(),
})

export const createBackendContext = (seed: number, now: () => number, payloads: PayloadShape = 'ours'): MockBackendContext => ({
  world: createMockWorld(seed, now),
  seed,
  now,
  sockets: createSocketRegistry(),
  faults: createMockFaults(),
  received: perFeed((): ReceivedFrame[] => []),
  refused: perFeed(() => new Set<string>()),
  encode: (frame) => encodeFrame(frame, payloads),
})

/** Sends to one client, unless its feed is silent. */
export const sendTo = (context: MockBackendContext, name: FeedName, client: MockClient, payload: string): void => {
  if (!context.faults.silent.has(name)) client.send(payload)
}

/** Sends to every open socket of a feed (topic-scoped, never to other feeds), unless it is silent. */
export const broadcast = (context: MockBackendContext, name: FeedName, payload: string): void => {
  for (const client of context.sockets.clients(name)) sendTo(context, name, client, payload)
}
