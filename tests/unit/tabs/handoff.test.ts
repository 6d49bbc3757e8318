import { describe, expect, it } from 'vitest'
import { FEEDS, connectAll, frame, settle, useBrowser } from './fixture'

describe('tab sharing: hand-off without a gap', () => {
  const browser = useBrowser()

  it('the leader leaves: the next tab takes the lock and connects, staggered; followers never show disconnected', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    const c = browser.openTab('c')
    await connectAll(a, b, c)
    a.sockets.last('queue').receive(frame('queue', 1))
    await settle()
    const before = { b: b.statuses.queue?.length ?? 0, c: c.statuses.queue?.length ?? 0 }

    a.store.transport.disconnect()
    await settle()
    expect(b.role()).toBe('leader')
    expect(c.role()).toBe('follower')
    // Staggered as on load: queue (priority 1) at once, routes 100 ms later.
    expect(b.sockets.all.map((socket) => socket.url)).toEqual(['ws://h/ws/queue'])
    await settle(100)
    expect(b.sockets.all).toHaveLength(FEEDS.length)
    b.openSockets()
    b.sockets.last('queue').receive(frame('queue', 2))
    await settle()

    for (const tab of [b, c]) {
      const seen = tab.statuses.queue?.slice(tab === b ? before.b : before.c) ?? []
      expect(seen).not.toContain('disconnected')
      expect(seen).toContain('reconnecting')
      expect(seen.at(-1)).toBe('connected')
      expect(tab.store.getState().applied.queue).toEqual([1, 2])
    }
    expect(c.sharing.state()).toMatchObject({ leaderId: b.sharing.state().tabId, handoffs: 1, tabs: 2 })
    expect(a.live()).toBe(0)
  })

  it('a crashed leader (no bye, its page just gone): a follower takes over when the browser frees the lock', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    a.sockets.last('queue').receive(frame('queue', 5))
    await settle()

    browser.crash(a)
    await settle(100)
    b.openSockets()
    b.sockets.last('queue').receive(frame('queue', 6))
    await settle()

    expect(b.role()).toBe('leader')
    expect(b.store.getState().applied.queue).toEqual([5, 6])
    expect(b.statuses.queue).not.toContain('disconnected')
  })

  it('a follower ignores what a deposed leader still relays: no update is applied twice', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    const c = browser.openTab('c', { hidden: false })
    await connectAll(a, b, c)
    a.sockets.last('queue').receive(frame('queue', 1))
    await settle()

    a.page.hide()
    await settle(2000) // b and c are visible: one of them steals after stealAfterMs
    const leader = [b, c].find((tab) => tab.role() === 'leader')
    expect(leader).toBeDefined()
    expect(a.role()).toBe('follower')
    expect(a.live()).toBe(0)
    leader?.openSockets()
    leader?.sockets.last('queue').receive(frame('queue', 2))
    await settle()
    for (const tab of [a, b, c]) expect(tab.store.getState().applied.queue).toEqual([1, 2])
  })

  it('a leader that learns late that its lock was stolen asks the thief for its state: it follows it and shows its health, not frozen at reconnecting', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    browser.locks.depositionDelayMs = 50

    a.page.hide() // b, visible, steals from the hidden leader after stealAfterMs; b's "leader" reaches a while it still leads
    await settle(2000 + 100)
    expect(b.role()).toBe('leader')
    b.openSockets()
    await settle()

    expect(a.sharing.state()).toMatchObject({ role: 'follower', leaderId: b.sharing.state().tabId })
    expect(a.store.transport.health('queue').status).toBe('connected')
    expect(a.live()).toBe(0)
  })

  it('sends queued by a follower during a hand-off reach the new leader once it is known', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    const c = browser.openTab('c')
    await connectAll(a, b, c)
    a.store.transport.disconnect()
    expect(c.store.transport.send('queue', { type: 'subscribe', topic: 'x' })).toBe(true)
    await settle(200)
    b.openSockets()
    await settle()
    expect(b.sockets.last('queue').sentFrames()).toContainEqual({ type: 'subscribe', topic: 'x' })
    expect(b.sockets.last('queue').sentFrames().filter((sent) => sent.type === 'subscribe')).toHaveLength(1)
  })
})
