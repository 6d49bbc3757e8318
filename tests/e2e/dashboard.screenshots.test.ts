import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { FEEDS, screenshot, waitFor, waitForBadges, useE2E } from './harness'

/** Every card has its data and a measured round trip: the page as a user sees it after a few seconds. */
const settled = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const cards = [...document.querySelectorAll('[data-feed]')]
    return cards.length === 8 && cards.every((card) => card.querySelector('.placeholder') === null && /RTT \d+ ms/.test(card.textContent ?? ''))
  })

// Screenshots for humans (and the README): test-results/e2e/dashboard*.png.
describe('dashboard screenshots', () => {
  const e2e = useE2E(async (running) => {
    if (!running.server.isRunning()) await running.server.restart()
  })

  it('renders every feed live, then every feed reconnecting while the backend is down', async () => {
    const { page, errors } = await e2e().open({ heartbeatInterval: 1000 }, { viewport: { width: 1366, height: 900 } })
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    await waitFor(() => settled(page), Boolean, { timeoutMs: 15_000, message: 'every card has data and an RTT' })
    expect(await page.getByTestId('connection-summary').textContent()).toContain('All feeds live')
    console.log(`[e2e] screenshot ${await screenshot(page, 'dashboard')}`)

    await page.getByTestId('devpanel-toggle').click()
    await waitFor(() => page.getByTestId('devpanel-row-queue').isVisible(), Boolean, { message: 'dev panel open' })
    console.log(`[e2e] screenshot ${await screenshot(page, 'dashboard-devpanel')}`)
    await page.getByTestId('devpanel-toggle').click()

    await e2e().server.kill()
    await waitForBadges(page, FEEDS, (text) => text === 'Reconnecting' || text === 'Connecting', 10_000)
    await waitFor(() => page.getByTestId('connection-summary').textContent(), (text) => text?.includes('unreachable') ?? false, {
      message: 'header says the backend is unreachable',
    })
    console.log(`[e2e] screenshot ${await screenshot(page, 'dashboard-reconnecting')}`)

    await e2e().server.restart()
    await waitForBadges(page, FEEDS, 'Connected', 45_000)
    expect(errors).toEqual([])
  })
})
