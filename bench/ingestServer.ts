/**
 * Child process of `ingest` and `memory`: a `ws` server that, per connection, sends `n` frames of one
 * kind then `{"type":"end"}`. The frames are pre-encoded WebSocket text frames written straight to the
 * TCP socket in 256-frame blocks (honouring backpressure), so the server costs next to nothing and the
 * client is the bottleneck. `?kind=small` ≈ 60 B updates; `?kind=snapshot` = real `queue_update` frames
 * of the reference server's world generator (≈ 0.9 kB). Reports `{ kind: 'listening', port }` over IPC.
 */
import type { Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import { createFeedSource } from '../server/feedSource'
import { toParent } from './lib/child'

export interface ListeningMessage { kind: 'listening'; port: number }

export const END_FRAME = '{"type":"end"}'
const BLOCK = 256

/** One unmasked, final text frame (RFC 6455 §5.2), as a server sends it. */
export function encodeTextFrame(text: string): Buffer {
  const payload = Buffer.from(text)
  const length = payload.length
  const header = length < 126 ? Buffer.from([0x81, length])
    : length < 65_536 ? Buffer.from([0x81, 126, length >> 8, length & 0xff])
    : Buffer.concat([Buffer.from([0x81, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(length)); return b })()])
  return Buffer.concat([header, payload])
}

const source = createFeedSource(1, Date.now())
const TEXTS: Record<string, string[]> = {
  small: Array.from({ length: BLOCK }, (_, i) => JSON.stringify({ type: 'queue_update', data: { id: i, value: Math.round(Math.random() * 1e6) / 1e3 }, seq: i })),
  snapshot: Array.from({ length: BLOCK }, (_, i) => {
    source.touch('queue', Date.now() + i * 1000)
    return JSON.stringify(source.frame('queue'))
  }),
}
const BLOCKS = new Map(Object.entries(TEXTS).map(([kind, texts]) => [kind, texts.map(encodeTextFrame)]))
const END = encodeTextFrame(END_FRAME)

/** Writes `total` frames (cycling through `frames`) to `socket`, waiting for 'drain' when it is full. */
function stream(socket: Socket, frames: Buffer[], total: number): void {
  const whole = Buffer.concat(frames)
  let sent = 0
  const pump = (): void => {
    while (sent < total && !socket.destroyed) {
      const remaining = total - sent
      const ok = remaining >= frames.length ? socket.write(whole) : socket.write(Buffer.concat(frames.slice(0, remaining)))
      sent += Math.min(frames.length, remaining)
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
  const frames = BLOCKS.get(params.get('kind') ?? 'small') ?? BLOCKS.get('small') ?? []
  stream(request.socket, frames, Number(params.get('n') ?? 0))
})
wss.on('listening', () => {
  const address = wss.address()
  toParent({ kind: 'listening', port: typeof address === 'object' && address !== null ? address.port : 0 } satisfies ListeningMessage)
})
process.on('disconnect', () => {
  for (const client of wss.clients) client.terminate()
  wss.close(() => process.exit(0))
})
