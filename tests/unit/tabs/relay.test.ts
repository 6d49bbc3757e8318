import { describe, expect, it, vi } from 'vitest'
import { PostBatcher } from '../../../src/transport/tabs/postBatcher'
import { openEnvelope } from '../../../src/transport/tabs/protocol'
import type { LockManagerLike } from 'zustand-realtime/transport'
import type { MemoryLocks } from '../../helpers/memoryLocks'
import { connectAll, frame, settle, useBrowser } from './fixture'

/**
 * A tab whose calls reach the lock manager `lagMs` late, in order (another process, as in a
 * browser): its hello over the channel could arrive before its lock request.
 */
const laggingLocks = (locks: MemoryLocks, clientId: string, lagMs: number): LockManagerLike => {
  const direct = locks.client(clientId)
  let arrived: Promise<void> = Promise.resolve()
  const later = (): Promise<void> => {
    arrived = arrived.then(() => new Promise((resolve) => setTimeout(resolve, lagMs)))
    return arrived
  }
  return {
    request: (name, options, callback) => later().then(() => direct.request(name, options, callback)),
    query: () => later().then(() => direct.query?.() ?? {}),
  }
}

describe('tab sharing: what followers ask of the leader', () => {
  const browser = useBrowser()

  it('send() from a follower goes out on the leader’s socket, once', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    expect(b.store.transport.send('queue', { type: 'ack', id: 1 })).toBe(true)
    await settle()
    expect(a.sockets.last('queue').sentFrames().filter((sent) => sent.type === 'ack')).toEqual([{ type: 'ack', id: 1 }])
    expect(() => b.store.transport.send('nope', {})).toThrow(/unknown endpoint "nope"/)
  })

  it('chaos from a follower’s dev panel acts on the leader’s pool, and every tab sees its state and transitions', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    const c = browser.openTab('c')
    await connectAll(a, b, c)
    const seenByC: string[] = []
    c.store.transport.onTransition((transition) => { if (transition.kind === 'chaos') seenByC.push(transition.reason) })

    b.store.transport.chaos.dropPongs('routes', true)
    b.store.transport.chaos.kill('queue')
    await settle()

    expect(a.store.transport.chaos.state().endpoints.routes?.dropPongs).toBe(true)
    expect(c.store.transport.chaos.state().endpoints.routes?.dropPongs).toBe(true)
    expect(b.store.transport.chaos.state().endpoints.routes?.dropPongs).toBe(true)
    expect(a.sockets.for('queue')[0]?.isLive).toBe(false)
    expect(seenByC).toEqual(['chaos: drop pongs on', 'chaos: kill (1006)'])
    expect(() => b.store.transport.chaos.latency('queue', -1)).toThrow(/delay ≥ 0 ms/)
    expect(() => b.store.transport.chaos.kill('nope')).toThrow(/unknown endpoint/)
  })

  it('what the leader relays in one task travels as one channel message', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    const before = browser.channels.posted
    for (let seq = 1; seq <= 5; seq += 1) a.sockets.last('queue').receive(frame('queue', seq))
    await settle()
    expect(browser.channels.posted - before).toBe(1)
    expect(b.store.getState().applied.queue).toEqual([1, 2, 3, 4, 5])
  })

  it('a follower sends what a socket of its own would: the JSON of the message', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    b.store.transport.send('queue', { type: 'with-function', callback: () => 1, at: new Date(0) })
    await settle()
    expect(a.sockets.last('queue').sentFrames()).toContainEqual({ type: 'with-function', at: '1970-01-01T00:00:00.000Z' })
  })

  it('one body the structured clone refuses is reported and does not sink the rest of its batch', () => {
    const delivered: unknown[] = []
    const channel = {
      onmessage: null,
      close: () => undefined,
      postMessage: (message: unknown) => { structuredClone(message); delivered.push(message) },
    }
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const batcher = new PostBatcher(() => channel)
    batcher.post({ kind: 'presence', from: 't', visible: true })
    batcher.post({ kind: 'send', from: 't', to: 'l', id: 1, name: 'queue', message: { f: () => 1 } })
    batcher.post({ kind: 'bye', from: 't', leader: false })
    batcher.flush()
    expect(delivered.flatMap((message) => openEnvelope(message)).map((body) => body.kind)).toEqual(['presence', 'bye'])
    expect(error).toHaveBeenCalledWith(expect.stringContaining('"send" message could not be sent'), expect.anything())
    error.mockRestore()
  })

  it('metrics() in a follower are the leader’s (one sample behind)', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    for (let seq = 1; seq <= 4; seq += 1) a.sockets.last('queue').receive(frame('queue', seq))
    await settle()
    b.store.transport.metrics()
    await settle(300)
    expect(b.store.transport.metrics().endpoints.queue?.messagesIn).toBe(4)
    expect(b.store.transport.metrics().messagesIn).toBe(a.store.transport.metrics().messagesIn)
  })

  it('counts the tabs sharing the set from the lock queue: a follower that crashed (no bye) drops out', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    const c = browser.openTab('c')
    await connectAll(a, b, c)
    expect(a.sharing.state().tabs).toBe(3)
    b.store.transport.disconnect()
    await settle()
    expect([a.sharing.state().tabs, c.sharing.state().tabs]).toEqual([2, 2])

    browser.crash(c)
    await settle(5000) // the leader's tab check: 1 lock request, 2 tabs known → roll-call
    await settle(3000) // nobody answered for c
    expect(a.sharing.state().tabs).toBe(1)
  })

  it('a tab that joins is counted at once, even when its lock request reaches the lock manager after its hello could', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    const c = browser.openTab('c', { sharing: { locks: laggingLocks(browser.locks, 'c', 50) } })
    void c.store.transport.connect()
    await settle(200) // well before the leader's periodic tab check (5 s)
    expect([a, b, c].map((tab) => tab.sharing.state().tabs)).toEqual([3, 3, 3])
  })

  it('tabs with different endpoint sets never mix: each set has its own leader and sockets', async () => {
    const a = browser.openTab('a')
    const other = browser.openTab('other', { host: 'elsewhere' })
    await connectAll(a, other)
    expect([a.role(), other.role()]).toEqual(['leader', 'leader'])
    expect(a.sharing.state().channel).not.toBe(other.sharing.state().channel)
    a.sockets.last('queue').receive(frame('queue', 1))
    await settle()
    expect(other.store.getState().applied).toEqual({})
  })

  it('several stores of one set in one tab share the sockets too (one lock client, two participants)', async () => {
    const first = browser.openTab('tab')
    const second = browser.openTab('tab')
    await connectAll(first, second)
    expect(first.live() + second.live()).toBe(2)
    first.sockets.last('queue').receive(frame('queue', 3))
    await settle()
    expect(second.store.getState().applied.queue).toEqual([3])
  })
})
