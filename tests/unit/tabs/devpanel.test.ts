import { describe, expect, it } from 'vitest'
import { createDevPanelModel } from '../../../src/devpanel/core/model'
import { sharingText } from '../../../src/devpanel/core/tabs'
import { connectAll, settle, useBrowser } from './fixture'

describe('dev panel: the tab’s role, how many tabs share, and hand-offs on the timeline', () => {
  const browser = useBrowser()

  it('shows leader / follower and the tab count; a hand-off lands on the timeline and flips the role', async () => {
    const a = browser.openTab('a')
    const b = browser.openTab('b')
    const model = createDevPanelModel(b.store)
    await connectAll(a, b)

    expect(model.getSnapshot().sharing).toMatchObject({ role: 'follower', tabs: 2, handoffs: 0 })
    expect(sharingText(model.getSnapshot().sharing)).toBe('Follower tab · 2 tabs share the sockets')

    a.store.transport.disconnect()
    await settle()
    const snapshot = model.getSnapshot()
    expect(snapshot.sharing).toMatchObject({ role: 'leader', tabs: 1, handoffs: 1 })
    expect(sharingText(snapshot.sharing)).toBe('Leader tab · no other tab · 1 hand-off')
    const tabEvents = snapshot.transitions.filter((transition) => transition.kind === 'tabs')
    expect(tabEvents.map((transition) => transition.reason)).toEqual([
      'leader elected: another tab took the lock',
      'hand-off: this tab took the lock',
    ])
    expect(tabEvents.at(-1)?.to).toBe('this tab leads')
    model.dispose()
  })

  it('shows nothing about tabs for a store with sockets of its own', () => {
    expect(sharingText(null)).toBeNull()
  })
})
