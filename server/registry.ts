import { WebSocket } from 'ws'
import { FEED_NAMES, type FeedName } from '../src/store/dashboard/feeds'
import type { Faults } from './faults'
import type { MetricsRecorder, ServerMetrics } from './metrics'

/** One accepted socket and the endpoint it subscribed to by its URL. */
export interface Peer {
  readonly socket: WebSocket
  readonly endpoint: FeedName
}

/** Open sockets per endpoint, and the one way frames leave the server (so faults apply everywhere). */
export interface EndpointRegistry {
  add(peer: Peer): void
  remove(peer: Peer): void
  count(endpoint: FeedName): number
  total(): number
  peers(): Peer[]
  connections(): ServerMetrics['connections']
  /** false when nothing was sent: socket not open, or its endpoint silenced. */
  send(peer: Peer, frame: object | string): boolean
  /** Sends to every socket of `endpoint` only (topic-scoped); returns how many got it. */
  broadcast(endpoint: FeedName, frame: object | string): number
}

const textOf = (frame: object | string): string => (typeof frame === 'string' ? frame : JSON.stringify(frame))

export const createRegistry = (faults: Faults, metrics: MetricsRecorder): EndpointRegistry => {
  const byEndpoint = new Map<FeedName, Set<Peer>>(FEED_NAMES.map((name) => [name, new Set()]))
  const peersOf = (endpoint: FeedName): Set<Peer> => byEndpoint.get(endpoint) ?? new Set()

  const deliver = (peers: Iterable<Peer>, text: string): number => {
    let sent = 0
    for (const peer of peers) {
      if (faults.silenced.has(peer.endpoint) || peer.socket.readyState !== WebSocket.OPEN) continue
      peer.socket.send(text)
      sent += 1
    }
    metrics.sent(sent)
    return sent
  }

  const count = (endpoint: FeedName): number => peersOf(endpoint).size
  const total = (): number => FEED_NAMES.reduce((sum, name) => sum + count(name), 0)
  return {
    add: (peer) => void peersOf(peer.endpoint).add(peer),
    remove: (peer) => void peersOf(peer.endpoint).delete(peer),
    count,
    total,
    peers: () => FEED_NAMES.flatMap((name) => [...peersOf(name)]),
    connections() {
      const counts = Object.fromEntries(FEED_NAMES.map((name) => [name, count(name)]))
      return { total: total(), byEndpoint: counts as Record<FeedName, number> }
    },
    send: (peer, frame) => deliver([peer], textOf(frame)) === 1,
    broadcast: (endpoint, frame) => deliver(peersOf(endpoint), textOf(frame)),
  }
}
