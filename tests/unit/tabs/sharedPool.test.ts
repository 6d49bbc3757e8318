import { describe, expect, it } from 'vitest'
import { FEEDS, connectAll, frame, settle, useBrowser } from './fixture'

describe('tab sharing: one connection set per browser', () => {
  const browser = useBrowser()

  it('elects one leader: only it opens sockets, and every tab applies each message once with its own reducers', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    const c = browser.openTab('c')
    await connectAll(a, b, c)

    expect([a.role(), b.role(), c.role()]).toEqual(['leader', 'follower', 'follower'])
    expect([a.live(), b.live(), c.live()]).toEqual([FEEDS.length, 0, 0])
    expect(b.sockets.all).toHaveLength(0)

    for (let seq = 1; seq <= 3; seq += 1) a.sockets.last('queue').receive(frame('queue', seq))
    a.sockets.last('routes').receive(frame('routes', 1))
    await settle()

    for (const tab of [a, b, c]) {
      expect(tab.store.getState().applied).toEqual({ queue: [1, 2, 3], routes: [1] })
      expect(tab.store.getState().connections.queue?.status).toBe('connected')
    }
    expect(c.sharing.state().tabs).toBe(3)
  })

  it('a tab that opens later gets the current data and health at once, before the next update', async () => {
    const a = browser.openTab('a')
    await connectAll(a)
    a.sockets.last('queue').receive(frame('queue', 7))
    a.sockets.last('routes').receive(frame('routes', 4))
    await settle()

    const late = browser.openTab('late')
    void late.store.transport.connect()
    await settle()

    expect(late.store.getState().last).toEqual({ queue: { feed: 'queue', seq: 7 }, routes: { feed: 'routes', seq: 4 } })
    expect(late.store.getState().connections.routes?.status).toBe('connected')
    expect(late.live()).toBe(0)
    a.sockets.last('queue').receive(frame('queue', 8))
    await settle()
    expect(late.store.getState().applied.queue).toEqual([7, 8])
  })
})
