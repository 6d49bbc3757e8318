import type { RawData, WebSocket } from 'ws'
import type { FeedName } from '../src/store/dashboard/feeds'
import type { Faults } from './faults'
import { watchIdle } from './idleWatch'
import type { MetricsRecorder } from './metrics'
import type { EndpointRegistry, Peer } from './registry'

export interface ClientFrame {
  type: string
  timestamp?: unknown
}

/** A client frame the server understands: a JSON object with a string `type`; anything else is null. */
export const parseClientFrame = (data: RawData, isBinary: boolean): ClientFrame | null => {
  if (isBinary) return null
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data
  const text = bytes.toString()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const type: unknown = Reflect.get(value, 'type')
  return typeof type === 'string' ? { type, timestamp: Reflect.get(value, 'timestamp') } : null
}

export interface PeerContext {
  registry: EndpointRegistry
  metrics: MetricsRecorder
  faults: Faults
  idlePingMs: number
  /** The endpoint's current snapshot, serialized. */
  snapshotOf(endpoint: FeedName): string
  /** The old backend: no snapshot on connect, no pong. */
  legacy: boolean
}

/** Registers an admitted socket: snapshot first, then pings/pongs and idle checks until it closes. */
export const attachPeer = (socket: WebSocket, endpoint: FeedName, context: PeerContext): Peer => {
  const { registry, metrics, faults } = context
  const peer: Peer = { socket, endpoint }
  registry.add(peer)
  metrics.accepted(endpoint)

  const idle = watchIdle({
    idleMs: context.idlePingMs,
    onIdle() {
      // App-level ping for clients that only watch frames, protocol ping for dead TCP peers.
      if (!registry.send(peer, { type: 'server_ping', timestamp: Date.now() })) return
      socket.ping()
    },
    onDead: () => socket.terminate(),
  })

  socket.on('message', (data, isBinary) => {
    idle.heard()
    metrics.received()
    const frame = parseClientFrame(data, isBinary)
    if (!frame) return metrics.garbage()
    if (frame.type === 'ping' && !context.legacy && !faults.pongsDropped.has(endpoint)) {
      registry.send(peer, { type: 'pong', timestamp: frame.timestamp })
    }
    // `pong` (answer to server_ping) and unknown types only count as liveness.
  })
  socket.on('pong', () => idle.heard())
  socket.on('close', () => {
    idle.stop()
    registry.remove(peer)
  })
  if (!context.legacy) registry.send(peer, context.snapshotOf(endpoint))
  return peer
}
