import { describe, expect, it } from 'vitest'
import { SequenceGuard, seqOf } from '../../../src/transport/sequence'

const frame = (seq?: unknown) => ({ type: 'queue_update', data: {}, ...(seq === undefined ? {} : { seq }) })

describe('SequenceGuard', () => {
  it('takes the first socket frame as the snapshot baseline, then applies seq + 1 only', () => {
    const guard = new SequenceGuard()
    expect(guard.lastSeq).toBeNull()
    expect(guard.socketFrame(frame(41))).toEqual({ kind: 'apply' })
    expect(guard.socketFrame(frame(42))).toEqual({ kind: 'apply' })
    expect(guard.lastSeq).toBe(42)
  })

  it('drops a repeat and an older seq, without moving the baseline', () => {
    const guard = new SequenceGuard()
    guard.socketFrame(frame(5))
    guard.socketFrame(frame(6))
    expect(guard.socketFrame(frame(6))).toEqual({ kind: 'drop', reason: 'repeat' })
    expect(guard.socketFrame(frame(3))).toEqual({ kind: 'drop', reason: 'older' })
    expect(guard.lastSeq).toBe(6)
    expect(guard.socketFrame(frame(7))).toEqual({ kind: 'apply' })
  })

  it('reports a gap once, then holds back socket frames until the resync snapshot', () => {
    const guard = new SequenceGuard()
    guard.socketFrame(frame(1))
    expect(guard.socketFrame(frame(4))).toEqual({ kind: 'gap', expected: 2, got: 4 })
    expect(guard.resyncing).toBe(true)
    expect(guard.socketFrame(frame(5))).toEqual({ kind: 'drop', reason: 'resyncing' })
    expect(guard.lastSeq).toBe(1)
    // The snapshot covers every frame the socket sent meanwhile (5): applied, and tracking goes on from it.
    expect(guard.resyncSnapshot(frame(5))).toEqual({ kind: 'apply' })
    expect(guard.resyncing).toBe(false)
    expect(guard.socketFrame(frame(6))).toEqual({ kind: 'apply' })
  })

  it('refuses a resync snapshot older than frames the socket already sent: only a new socket can be trusted', () => {
    const guard = new SequenceGuard()
    guard.socketFrame(frame(1))
    guard.socketFrame(frame(3))
    guard.socketFrame(frame(9))
    expect(guard.resyncSnapshot(frame(8))).toMatchObject({ kind: 'reconnect' })
    expect(guard.resyncSnapshot(frame(undefined))).toMatchObject({ kind: 'reconnect', reason: expect.stringMatching(/no seq/) })
  })

  it('a resync snapshot that arrives when no resync is running is not applied', () => {
    const guard = new SequenceGuard()
    guard.socketFrame(frame(1))
    expect(guard.resyncSnapshot(frame(2))).toMatchObject({ kind: 'reconnect' })
  })

  it('a new socket resets the baseline, even to a lower seq (a restarted server counts from 0)', () => {
    const guard = new SequenceGuard()
    guard.socketFrame(frame(100))
    guard.socketFrame(frame(103))
    guard.expectSnapshot()
    expect(guard.resyncing).toBe(false)
    expect(guard.socketFrame(frame(0))).toEqual({ kind: 'apply' })
    expect(guard.socketFrame(frame(1))).toEqual({ kind: 'apply' })
  })

  it('a polled snapshot is applied and sets the baseline, even with the same seq', () => {
    const guard = new SequenceGuard()
    expect(guard.polledSnapshot(frame(7))).toEqual({ kind: 'apply' })
    expect(guard.polledSnapshot(frame(7))).toEqual({ kind: 'apply' })
    expect(guard.lastSeq).toBe(7)
    expect(guard.socketFrame(frame(8))).toEqual({ kind: 'apply' })
  })

  it('never checks frames without a usable seq', () => {
    const guard = new SequenceGuard()
    guard.socketFrame(frame(1))
    for (const seq of [undefined, '2', -1, 1.5, Number.NaN, null]) expect(guard.socketFrame(frame(seq))).toEqual({ kind: 'unchecked' })
    expect(guard.lastSeq).toBe(1)
    expect(seqOf(frame(0))).toBe(0)
  })
})

describe('SequenceGuard: reconnect recovery (resume)', () => {
  it('offers the last applied seq as the resume point, none before a baseline or during a resync', () => {
    const guard = new SequenceGuard()
    expect(guard.resumePoint()).toBeNull()
    guard.socketFrame(frame(3))
    expect(guard.resumePoint()).toBe(3)
    guard.socketFrame(frame(9))
    expect(guard.resumePoint()).toBeNull()
  })

  it('a matching resumed frame keeps the baseline: the replay continues at seq + 1', () => {
    const guard = new SequenceGuard()
    guard.socketFrame(frame(3))
    guard.expectSnapshot(3)
    expect(guard.resumed({ type: 'resumed', seq: 3 })).toBe(true)
    expect(guard.socketFrame(frame(4))).toEqual({ kind: 'apply' })
    expect(guard.socketFrame(frame(6))).toMatchObject({ kind: 'gap' })
  })

  it('a resumed frame nobody asked for, or for another seq, changes nothing: the next frame is the snapshot', () => {
    const guard = new SequenceGuard()
    guard.socketFrame(frame(3))
    guard.expectSnapshot(null)
    expect(guard.resumed({ type: 'resumed', seq: 3 })).toBe(false)
    guard.expectSnapshot(3)
    expect(guard.resumed({ type: 'resumed', seq: 2 })).toBe(false)
    expect(guard.socketFrame(frame(0))).toEqual({ kind: 'apply' })
  })
})
