import { describe, expect, it } from 'vitest'
import { FEEDS, badgeText, waitFor, waitForBadges, useE2E } from './harness'

// SPEC §6.8: a backend restart and a network loss both recover to "Connected" without a reload.
describe('dashboard recovery', () => {
  const e2e = useE2E(async (running) => {
    if (!running.server.isRunning()) await running.server.restart()
  })

  it('reconnects all 8 feeds after the backend is killed and restarted on the same port, without a reload', async () => {
    const { page, errors } = await e2e().open()
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    await page.evaluate(() => { window.name = 'not reloaded' })

    await e2e().server.kill()
    await waitForBadges(page, FEEDS, (text) => text !== 'Connected', 10_000)

    const readyAt = await e2e().server.restart()
    const connectedAt = await waitForBadges(page, FEEDS, 'Connected', 45_000)
    console.log(`[e2e] backend restart: server ready → all 8 Connected in ${connectedAt - readyAt} ms`)

    expect(await page.evaluate(() => window.name)).toBe('not reloaded')
    const metrics = await waitFor(() => e2e().serverMetrics(), (m) => m.connections.total === FEEDS.length, { message: '8 sockets on the restarted server' })
    for (const name of FEEDS) expect(metrics.connections.byEndpoint[name]).toBe(1)
    expect(errors).toEqual([])
  })

  it('goes off "Connected" when the browser goes offline and comes back when it is online again', async () => {
    const { page, context, errors } = await e2e().open()
    await waitForBadges(page, FEEDS, 'Connected', 30_000)

    await context.setOffline(true)
    // Chromium keeps open sockets when offline (FIELD-NOTES): only the app's `offline` handling moves the badge.
    await waitFor(() => badgeText(page, 'queue'), (text) => text !== 'Connected', { timeoutMs: 5000, message: 'queue badge leaves Connected' })
    await waitForBadges(page, FEEDS, 'Paused', 5000)

    await context.setOffline(false)
    const back = Date.now()
    const connectedAt = await waitForBadges(page, FEEDS, 'Connected', 20_000)
    console.log(`[e2e] network back → all 8 Connected in ${connectedAt - back} ms`)
    expect(errors).toEqual([])
  })
})
