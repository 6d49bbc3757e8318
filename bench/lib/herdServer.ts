/**
 * A minimal `ws` server for the reconnect benchmarks. It logs every upgrade request and every
 * accepted socket with its timestamp and the client id from the URL (`?p=<peer>&c=<client>&e=<endpoint>`),
 * answers `ping` with `pong`, answers the polling fallback's `GET /api/v1/<name>` with a snapshot
 * (logged like an accept), and can really go down: `stop()` stops listening (new connects are
 * refused by the kernel) and cuts every open socket; `start()` listens again on the same port.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export interface AcceptEntry {
  at: number
  peer: number
  client: number
  endpoint: number
}

export interface HerdServer {
  readonly port: number
  readonly base: string
  readonly accepts: AcceptEntry[]
  /** Polls answered (only possible while it listens). */
  readonly polls: AcceptEntry[]
  /** `http://…` base for the polling URLs. */
  readonly httpBase: string
  /** Upgrade requests that reached the server (only possible while it listens). */
  readonly upgrades: number[]
  /** Open sockets of `peer`. */
  live(peer: number): number
  start(): Promise<number>
  /** Stops listening, then cuts every socket (the clients see 1006); resolves, once down, with when they were cut. */
  stop(): Promise<number>
  close(): Promise<void>
}

const idOf = (request: IncomingMessage): Omit<AcceptEntry, 'at'> => {
  const url = new URL(request.url ?? '/', 'http://bench')
  const number = (key: string): number => Number(url.searchParams.get(key) ?? -1)
  return { peer: number('p'), client: number('c'), endpoint: number('e') }
}

export async function createHerdServer(port = 0): Promise<HerdServer> {
  const polls: AcceptEntry[] = []
  const http = createServer((request, response) => {
    const name = /^\/api\/v1\/([a-z-]+)/.exec(request.url ?? '')?.[1]
    if (request.method !== 'GET' || name === undefined || !up) return void response.writeHead(name === undefined ? 404 : 503).end()
    polls.push({ at: Date.now(), ...idOf(request) })
    response.writeHead(200, { 'content-type': 'application/json' }).end(`{"type":"${name.replaceAll('-', '_')}_update","data":{}}`)
  })
  const wss = new WebSocketServer({ noServer: true })
  const tcp = new Set<Socket>()
  const livePerPeer = new Map<number, Set<WebSocket>>()
  const accepts: AcceptEntry[] = []
  const upgrades: number[] = []
  let up = false

  http.on('connection', (socket) => {
    tcp.add(socket)
    socket.once('close', () => tcp.delete(socket))
  })
  http.on('upgrade', (request, socket, head) => {
    upgrades.push(Date.now())
    socket.on('error', () => {})
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (!up) return ws.terminate()
      const id = idOf(request)
      accepts.push({ at: Date.now(), ...id })
      const live = livePerPeer.get(id.peer) ?? new Set<WebSocket>()
      livePerPeer.set(id.peer, live)
      live.add(ws)
      ws.on('error', () => {})
      ws.on('close', () => live.delete(ws))
      ws.on('message', (data) => {
        const text = String(data)
        if (text.includes('"ping"')) ws.send(text.replace('"ping"', '"pong"'))
      })
      ws.send('{"type":"hello_update","data":{}}')
    })
  })

  const listen = (onPort: number): Promise<number> =>
    new Promise((resolve, reject) => {
      http.once('error', reject)
      http.listen(onPort, '127.0.0.1', () => {
        http.off('error', reject)
        up = true
        const address = http.address()
        resolve(typeof address === 'object' && address !== null ? address.port : onPort)
      })
    })

  const boundPort = await listen(port)
  const stop = (): Promise<number> =>
    new Promise((resolve) => {
      up = false
      http.close(() => resolve(cutAt))
      for (const live of livePerPeer.values()) for (const ws of live) ws.terminate()
      for (const socket of tcp) socket.destroy()
      const cutAt = Date.now()
    })

  return {
    port: boundPort,
    base: `ws://127.0.0.1:${boundPort}`,
    accepts,
    polls,
    httpBase: `http://127.0.0.1:${boundPort}`,
    upgrades,
    live: (peer) => livePerPeer.get(peer)?.size ?? 0,
    start: async () => {
      await listen(boundPort)
      return Date.now()
    },
    stop,
    close: async () => {
      if (up) await stop()
      wss.close()
    },
  }
}
