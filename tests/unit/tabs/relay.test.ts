import { describe, expect, it } from 'vitest'
import { connectAll, frame, settle, useBrowser } from './fixture'

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

  it('counts the tabs sharing the set; a follower that crashed is swept after a roll-call', async () => {
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
    await settle(1500) // nobody answered for c
    expect(a.sharing.state().tabs).toBe(1)
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
