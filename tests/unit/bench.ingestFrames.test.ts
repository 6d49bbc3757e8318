import { describe, expect, it } from 'vitest'
import { BLOCK, blockOf, frameLength, partialBlock, type IngestKind } from '../../bench/lib/ingestFrames'

/** Splits a run of unmasked server text frames into their JSON payloads. */
const decode = (buffer: Buffer): Array<{ type: string; seq: number }> => {
  const frames: Array<{ type: string; seq: number }> = []
  for (let offset = 0; offset < buffer.length;) {
    const length = frameLength(buffer, offset)
    const short = (buffer[offset + 1] ?? 0) & 0x7f
    const header = short < 126 ? 2 : short === 126 ? 4 : 10
    frames.push(JSON.parse(buffer.subarray(offset + header, offset + length).toString()))
    offset += length
  }
  return frames
}

describe.each<IngestKind>(['small', 'snapshot'])('ingest bench frames (%s)', (kind) => {
  it('number every frame of a connection 1, 2, 3 … across blocks, so a client checking seq applies them all', () => {
    const frames = [0, 1, 2].flatMap((index) => decode(blockOf(kind, index)))
    expect(frames).toHaveLength(3 * BLOCK)
    expect(frames.map((frame) => frame.seq)).toEqual(Array.from({ length: 3 * BLOCK }, (_, i) => i + 1))
    expect(new Set(frames.map((frame) => frame.type))).toEqual(new Set(['queue_update']))
  })

  it('a partial last block holds exactly the frames asked for, in order', () => {
    expect(decode(partialBlock(kind, 4, 7)).map((frame) => frame.seq)).toEqual([1025, 1026, 1027, 1028, 1029, 1030, 1031])
  })
})
