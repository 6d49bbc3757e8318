import { ws, type WebSocketHandlerConnection } from 'msw'
import { vi } from 'vitest'
import { setupServer } from 'msw/node'
import { FEED_NAMES, type FeedOverrides } from 'zustand-realtime'

type Client = WebSocketHandlerConnection['client']

export interface FeedBackend {
  readonly baseUrl: string
  url(name: string): string
  /** Every client that ever connected to `name` (or to any endpoint), oldest first. */
  clients(name?: string): Client[]
  /** Sockets the app opened that are not closed yet. */
  openSockets(name?: string): number
  /** Sends `message` (JSON) to every open client of `name`. */
  send(name: string, message: object): void
  /** Forgets every client (call after each test, once its sockets are closed). */
  reset(): void
  /** Stops intercepting; call once per file, in afterAll (each backend adds MSW listeners that outlive it). */
  close(): void
}

export interface FeedBackendOptions {
  /** Sent to a client as soon as it connects, like the reference server's snapshot. */
  snapshot?: (name: string) => object | null
}

/**
 * An in-process MSW backend for the store tests: `ws://store.test/api/v1/ws/<name>`,
 * answers pings like the reference server, records clients per endpoint.
 * Needs a global WebSocket to patch: run the test under jsdom.
 */
export const startFeedBackend = ({ snapshot }: FeedBackendOptions = {}): FeedBackend => {
  const baseUrl = 'ws://store.test'
  const seen: { name: string; client: Client }[] = []
  const open = new Set<Client>()
  const feed = ws.link(/^ws:\/\/store\.test\/api\/v1\/ws\/[a-z-]+$/)
  const server = setupServer(
    feed.addEventListener('connection', ({ client }) => {
      const name = client.url.pathname.split('/').pop() ?? ''
      seen.push({ name, client })
      open.add(client)
      client.addEventListener('close', () => open.delete(client))
      client.addEventListener('message', (event) => {
        const frame: unknown = JSON.parse(String(event.data))
        if (typeof frame === 'object' && frame !== null && 'type' in frame && frame.type === 'ping') {
          client.send(JSON.stringify({ type: 'pong', timestamp: 'timestamp' in frame ? frame.timestamp : null }))
        }
      })
      const first = snapshot?.(name)
      if (first) client.send(JSON.stringify(first))
    }),
  )
  server.listen({ onUnhandledRequest: 'error' })

  const clients = (name?: string): Client[] =>
    seen.filter((entry) => name === undefined || entry.name === name).map((entry) => entry.client)

  return {
    baseUrl,
    url: (name) => `${baseUrl}/api/v1/ws/${name}`,
    clients,
    openSockets: (name) => clients(name).filter((client) => open.has(client)).length,
    send: (name, message) => {
      for (const client of clients(name)) {
        if (open.has(client)) client.send(JSON.stringify(message))
      }
    },
    reset: () => {
      seen.length = 0
      open.clear()
    },
    close: () => server.close(),
  }
}

/**
 * Dashboard feed overrides for tests whose backend sends no snapshot and serves no HTTP: the store does
 * not GET a first snapshot one second after each socket opens (tested on its own in store.foreign).
 */
export const NO_HTTP_SNAPSHOT: FeedOverrides = Object.fromEntries(FEED_NAMES.map((name) => [name, { poll: { snapshotTimeoutMs: false } }]))

/** Lets pending microtasks run (a provider's deferred release, the backend hearing a close) without moving fake time. */
export const drainMicrotasks = async (turns = 20): Promise<void> => {
  for (let turn = 0; turn < turns; turn += 1) await new Promise<void>((resolve) => queueMicrotask(resolve))
}

/**
 * End of a test: what is still open and scheduled once microtasks have run. Resets the
 * backend and the clock first, so a failing assertion cannot leak into the next test.
 */
export const leftovers = async (backend: FeedBackend): Promise<{ openSockets: number; timers: number }> => {
  await drainMicrotasks()
  const result = { openSockets: backend.openSockets(), timers: vi.getTimerCount() }
  backend.reset()
  vi.useRealTimers()
  return result
}
