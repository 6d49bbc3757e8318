import { describe, expect, it } from 'vitest'
import { LeaderElection } from '../../../src/transport/tabs/election'
import { MemoryLocks } from '../../helpers/memoryLocks'
import { openEnvelope, envelope, TAB_PROTOCOL } from '../../../src/transport/tabs/protocol'

const flush = async (): Promise<void> => { for (let i = 0; i < 20; i += 1) await Promise.resolve() }

const participant = (locks: MemoryLocks, id: string, pass: () => boolean = () => false) => {
  const events: string[] = []
  const election = new LeaderElection(locks.client(id), 'set', {
    elected: () => events.push('elected'),
    deposed: () => events.push('deposed'),
    shouldPass: pass,
  })
  return { election, events }
}

/** `a` then `b` asked for the lock. */
const twoQueued = () => {
  const locks = new MemoryLocks()
  const a = participant(locks, 'a')
  const b = participant(locks, 'b')
  a.election.start()
  b.election.start()
  return { locks, a, b }
}

describe('LeaderElection over one Web Lock', () => {
  it('one leader at a time; the next in the queue leads when it stops', async () => {
    const { locks, a, b } = twoQueued()
    await flush()
    expect([a.election.isLeader, b.election.isLeader]).toEqual([true, false])
    a.election.stop()
    await flush()
    expect([a.election.isLeader, b.election.isLeader]).toEqual([false, true])
    b.election.stop()
    await flush()
    expect(locks.requests).toBe(0)
  })

  it('steal: the holder is deposed at once and queues again behind the thief', async () => {
    const { locks, a, b } = twoQueued()
    await flush()
    b.election.steal()
    await flush()
    expect(a.events).toEqual(['elected', 'deposed'])
    expect(b.events).toEqual(['elected'])
    expect(locks.holderOf('set')).toBe('b')
    expect(locks.query().pending.map((lock) => lock.clientId)).toEqual(['a'])
    b.election.stop()
    await flush()
    expect(a.election.isLeader).toBe(true)
    a.election.stop()
  })

  it('a participant that should pass hands the lock on (at most 3 times in a row), then leads', async () => {
    const locks = new MemoryLocks()
    const hidden = participant(locks, 'hidden', () => true)
    hidden.election.start()
    await flush()
    expect(hidden.election.isLeader).toBe(true) // nobody else waits: after 3 passes it leads anyway
    const visible = participant(locks, 'visible')
    const hidden2 = participant(locks, 'hidden2', () => true)
    hidden2.election.start()
    visible.election.start()
    hidden.election.stop()
    await flush()
    expect(visible.election.isLeader).toBe(true)
    expect(hidden2.election.isLeader).toBe(false)
    visible.election.stop()
    hidden2.election.stop()
    await flush()
    expect(locks.requests).toBe(0)
  })

  it('stop() while queued aborts the request: it never leads later', async () => {
    const { locks, a, b } = twoQueued()
    b.election.stop()
    a.election.stop()
    await flush()
    expect(b.events).toEqual([])
    expect(locks.requests).toBe(0)
  })
})

describe('tab protocol envelopes', () => {
  it('opens only this protocol version, with a known kind and a sender', () => {
    const hello = envelope([{ kind: 'hello', from: 't1', visible: true, replay: true }, { kind: 'presence', from: 't1', visible: false }])
    expect(openEnvelope(hello)).toEqual([{ kind: 'hello', from: 't1', visible: true, replay: true }, { kind: 'presence', from: 't1', visible: false }])
    expect(openEnvelope({ ...hello, protocol: 'zustand-realtime/tabs@0' })).toEqual([])
    expect(openEnvelope({ protocol: TAB_PROTOCOL, bodies: [{ kind: 'unknown', from: 't1' }, { kind: 'hello' }, { kind: 'bye', from: 't2', leader: false }] }))
      .toEqual([{ kind: 'bye', from: 't2', leader: false }])
    expect(openEnvelope('hello')).toEqual([])
  })
})
