import { describe, expect, it } from 'vitest'
import { connectAll, settle, useBrowser } from './fixture'

describe('tab sharing: visibility and network', () => {
  const browser = useBrowser()

  it('the leader hidden, a follower visible: the sockets stay open past the hidden grace, then leadership moves', async () => {
    // A steal delay past hiddenGraceMs (5000), so the hidden leader's own pool is what is on trial first.
    const a = browser.openTab('a', { sharing: { stealAfterMs: 10_000 } })
    const b = browser.openTab('b', { sharing: { stealAfterMs: 10_000 } })
    await connectAll(a, b)
    a.page.hide()
    await settle(7000) // a pool of its own would have paused at 5000
    expect(a.role()).toBe('leader')
    expect(a.live()).toBe(2)
    expect(b.store.getState().connections.queue?.paused).toBe(false)
    await settle(3100)
    expect(b.role()).toBe('leader')
    expect(a.live()).toBe(0)
  })

  it('a visible follower takes over from a hidden leader after stealAfterMs', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    a.page.hide()
    await settle(1900)
    expect(a.role()).toBe('leader')
    await settle(200)
    expect(b.role()).toBe('leader')
    expect(a.role()).toBe('follower')
    expect(a.live()).toBe(0)
    b.openSockets()
    await settle()
    expect(a.store.getState().connections.queue?.status).toBe('connected')
    expect(a.statuses.queue).not.toContain('disconnected')
  })

  it('with every tab hidden the hidden-tab pause applies; a tab that shows again takes over at once', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    b.page.hide()
    a.page.hide()
    await settle(5100)
    expect(a.live()).toBe(0)
    expect(b.store.getState().connections.queue?.paused).toBe('hidden')

    b.page.show()
    await settle() // the leader's sockets are paused: no reason to wait stealAfterMs
    expect(b.role()).toBe('leader')
    expect(b.sockets.all.length).toBeGreaterThan(0)
  })

  it('a hidden tab granted the lock passes it to a visible one that waits', async () => {
    const a = browser.openTab('a')
    const hidden = browser.openTab('hidden', { hidden: true })
    const visible = browser.openTab('visible')
    await connectAll(a, hidden, visible)
    a.store.transport.disconnect()
    await settle()
    expect(visible.role()).toBe('leader')
    expect(hidden.role()).toBe('follower')
    expect(hidden.sockets.all).toHaveLength(0)
  })

  it('offline is shared: the leader’s pause shows in every tab', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    await connectAll(a, b)
    a.page.goOffline()
    await settle()
    expect(b.store.getState().connections.queue?.paused).toBe('offline')
    expect(a.live()).toBe(0)
  })

  it('a visible follower that crashed stops holding the set open: after the roll-call the hidden leader pauses', async () => {
    const a = browser.openTab('a', { sharing: { stealAfterMs: 60_000 } })
    const b = browser.openTab('b')
    await connectAll(a, b)
    browser.crash(b)
    a.page.hide()
    await settle(5000) // the tab check: 1 lock request, 2 tabs known → roll-call
    expect(a.live()).toBe(2) // b still counts as visible until the roll-call's sweep
    await settle(3000) // b never answered: swept; a is the only tab, and hidden
    await settle(5000) // hiddenGraceMs
    expect(a.live()).toBe(0)
    expect(a.store.getState().connections.queue?.paused).toBe('hidden')
  })
})
