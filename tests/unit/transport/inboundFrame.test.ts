import { describe, expect, it } from 'vitest'
import { defaultProtocol, envelopeProtocol } from 'zustand-realtime/transport'
import { classifyFrame } from '../../../src/transport/inboundFrame'

// Only what the pool-level tests do not pin already.
describe('classifyFrame', () => {
  it('takes a frame that is both the pong and the server ping type as a pong: it is never answered', () => {
    const protocol = envelopeProtocol({ type: 'event', data: 'payload', pong: 'beat', serverPing: 'beat' })
    expect(classifyFrame('{"event":"beat","timestamp":5}', 100, protocol)).toMatchObject({ kind: 'pong', sentAt: 5 })
  })

  it('shows a binary frame to the inspector as a placeholder', () => {
    expect(classifyFrame(new Uint8Array([1, 2]), 100, defaultProtocol)).toMatchObject({ kind: 'unreadable', size: 0, text: '(binary frame)' })
  })
})
