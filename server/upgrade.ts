import type { IncomingMessage } from 'node:http'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocket, WebSocketServer } from 'ws'
import { FEED_NAMES, type FeedName, wsPath } from '../src/store/dashboard/feeds'
import type { Faults } from './faults'
import type { MetricsRecorder } from './metrics'

const ENDPOINT_BY_PATH = new Map<string, FeedName>(FEED_NAMES.map((name) => [wsPath(name), name]))

export const endpointOfPath = (pathname: string): FeedName | null => ENDPOINT_BY_PATH.get(pathname) ?? null

/** Answers an upgrade request with a plain HTTP error; the client sees a failed connect. */
const rejectUpgrade = (socket: Duplex, status: number): void => {
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

export interface UpgradeContext {
  wss: WebSocketServer
  faults: Faults
  metrics: MetricsRecorder
  isClosing(): boolean
  /** Called with every socket that completed the handshake; admission is decided there. */
  onSocket(socket: WebSocket, endpoint: FeedName, url: URL, request: IncomingMessage): void
}

/** The http server's `upgrade` listener: unknown path → 404, `refuse` fault → 503, else the ws handshake. */
export const createUpgradeHandler =
  ({ wss, faults, metrics, isClosing, onSocket }: UpgradeContext) =>
  (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A client that resets mid-handshake must not crash the server.
    socket.on('error', () => socket.destroy())
    if (isClosing()) return void socket.destroy()
    const url = new URL(request.url ?? '/', 'http://localhost')
    const endpoint = endpointOfPath(url.pathname)
    if (!endpoint) {
      metrics.rejected('not_found')
      return rejectUpgrade(socket, 404)
    }
    if (faults.refusing) {
      metrics.rejected('refused')
      return rejectUpgrade(socket, 503)
    }
    wss.handleUpgrade(request, socket, head, (webSocket) => onSocket(webSocket, endpoint, url, request))
  }
