import type { WebSocketHandlerConnection } from 'msw'
import { FEED_NAMES, type FeedName } from '../store/dashboard/feeds'

export type MockClient = WebSocketHandlerConnection['client']

/** The open mock sockets of each feed, keyed by `client.id` (a second MSW server delivers each connection again). */
export interface SocketRegistry {
  /** False when this client is already registered (a duplicate delivery): handle it once. */
  add(name: FeedName, client: MockClient): boolean
  remove(name: FeedName, clientId: string): void
  clients(name: FeedName): MockClient[]
  /** Open sockets of one feed, or of all feeds. */
  count(name?: FeedName): number
  /** Closes every socket of one feed (or of all feeds) with this code. */
  closeAll(name: FeedName | undefined, code: number, reason: string): void
}

export const createSocketRegistry = (): SocketRegistry => {
  const byFeed = new Map<FeedName, Map<string, MockClient>>(FEED_NAMES.map((name) => [name, new Map()]))
  const feedClients = (name: FeedName): Map<string, MockClient> => {
    const clients = byFeed.get(name)
    if (clients === undefined) throw new Error(`unknown feed ${name}`)
    return clients
  }
  const namesOf = (name: FeedName | undefined): readonly FeedName[] => (name === undefined ? FEED_NAMES : [name])

  return {
    add: (name, client) => {
      const clients = feedClients(name)
      if (clients.has(client.id)) return false
      clients.set(client.id, client)
      return true
    },
    remove: (name, clientId) => {
      feedClients(name).delete(clientId)
    },
    clients: (name) => [...feedClients(name).values()],
    count: (name) => namesOf(name).reduce((total, feed) => total + feedClients(feed).size, 0),
    closeAll: (name, code, reason) => {
      for (const feed of namesOf(name)) {
        const clients = feedClients(feed)
        for (const client of [...clients.values()]) {
          clients.delete(client.id)
          client.close(code, reason)
        }
      }
    },
  }
}
