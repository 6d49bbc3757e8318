/**
 * The ingest server's frames, pre-encoded: per kind, 256 distinct payloads; frame i of a connection is
 * payload i mod 256 with `seq: i + 1`, so clients that check `seq` apply every frame (a repeated seq
 * would be dropped as a duplicate, and the bench would measure drops, not applies).
 */
import { createFeedSource } from '../../server/feedSource'

export const END_FRAME = '{"type":"end"}'
export const BLOCK = 256
export type IngestKind = 'small' | 'snapshot'

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
/** 256 distinct payloads per kind (without `seq`); frame i of a connection is payload i mod 256 with seq i + 1. */
const PAYLOADS: Record<IngestKind, Array<Record<string, unknown>>> = {
  small: Array.from({ length: BLOCK }, (_, i) => ({ type: 'queue_update', data: { id: i, value: Math.round(Math.random() * 1e6) / 1e3 } })),
  snapshot: Array.from({ length: BLOCK }, (_, i) => {
    source.touch('queue', Date.now() + i * 1000)
    const { seq: _seq, ...frame } = source.frame('queue')
    return frame
  }),
}
export const END = encodeTextFrame(END_FRAME)

/** Encoded 256-frame blocks per kind, block b holding seq 256·b + 1 … 256·(b + 1); grown on demand, shared by connections. */
const blocks = new Map<IngestKind, Buffer[]>()
export function blockOf(kind: IngestKind, index: number): Buffer {
  const payloads = PAYLOADS[kind]
  const cached = blocks.get(kind) ?? []
  blocks.set(kind, cached)
  while (cached.length <= index) {
    const first = cached.length * BLOCK
    cached.push(Buffer.concat(payloads.map((payload, i) => encodeTextFrame(JSON.stringify({ ...payload, seq: first + i + 1 })))))
  }
  return cached[index] ?? END
}

/** The first `count` frames of block `index`. */
export const partialBlock = (kind: IngestKind, index: number, count: number): Buffer => {
  const whole = blockOf(kind, index)
  let offset = 0
  for (let i = 0; i < count; i++) offset += frameLength(whole, offset)
  return whole.subarray(0, offset)
}

/** Length of the unmasked server frame starting at `offset` (header + payload). */
export function frameLength(buffer: Buffer, offset: number): number {
  const short = (buffer[offset + 1] ?? 0) & 0x7f
  if (short < 126) return 2 + short
  if (short === 126) return 4 + buffer.readUInt16BE(offset + 2)
  return 10 + Number(buffer.readBigUInt64BE(offset + 2))
}

