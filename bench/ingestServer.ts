/**
 * Child process of `ingest` and `memory`: a `ws` server that, per connection, sends `n` frames of one
 * kind then `{"type":"end"}`. The frames are pre-encoded WebSocket text frames written straight to the
 * TCP socket in 256-frame blocks (honouring backpressure), so the server costs next to nothing and the
 * client is the bottleneck. Frame *i* of a connection carries `seq: i + 1` (`lib/ingestFrames.ts`).
 * `?kind=small` ≈ 60 B updates; `?kind=snapshot` = real `queue_update` frames of the reference
 * server's world generator (≈ 0.9 kB). Reports `{ kind: 'listening', port }` over IPC.
 */
import type { Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import { BLOCK, blockOf, END, partialBlock, type IngestKind } from './lib/ingestFrames'
import { toParent } from './lib/child'

export interface ListeningMessage { kind: 'listening'; port: number }

/** Writes `total` frames of `kind` to `socket`, waiting for 'drain' when it is full. */
function stream(socket: Socket, kind: IngestKind, total: number): void {
  let sent = 0
  const pump = (): void => {
    while (sent < total && !socket.destroyed) {
      const remaining = total - sent
      const index = sent / BLOCK
      const ok = socket.write(remaining >= BLOCK ? blockOf(kind, index) : partialBlock(kind, index, remaining))
      sent += Math.min(BLOCK, remaining)
      if (!ok && sent < total) return void socket.once('drain', pump)
    }
    if (!socket.destroyed) socket.write(END)
  }
  pump()
}

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
wss.on('connection', (ws, request) => {
  const params = new URL(request.url ?? '/', 'http://bench').searchParams
  ws.on('error', () => {})
  const kind = params.get('kind') === 'snapshot' ? 'snapshot' : 'small'
  stream(request.socket, kind, Number(params.get('n') ?? 0))
})
wss.on('listening', () => {
  const address = wss.address()
  toParent({ kind: 'listening', port: typeof address === 'object' && address !== null ? address.port : 0 } satisfies ListeningMessage)
})
process.on('disconnect', () => {
  for (const client of wss.clients) client.terminate()
  wss.close(() => process.exit(0))
})
