import { describe, expect, it } from 'vitest'
import { openPage } from '../helpers/e2eBrowser'
import { FEEDS, useE2E, waitFor, waitForBadges } from './harness'

/** The demo's /monitor page: the fleet's figures from the collector, live, with charts and alert states. */
describe('the fleet monitor page', () => {
  const e2e = useE2E()

  it('shows what a reporting dashboard sends: clients, success rate, an open circuit, alert states and charts', async () => {
    const dashboard = await e2e().open({ report: 1, reportMs: 1000 })
    await waitForBadges(dashboard.page, FEEDS, 'Connected', 30_000)
    const monitor = await openPage(e2e().browser, `${e2e().demo.url}monitor?everyMs=500`)
    try {
      const tile = (id: string) => monitor.page.evaluate((testId) => document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null, `tile-${id}`)
      await waitFor(() => tile('clients'), (text) => text === '1', { timeoutMs: 20_000, message: 'one reporting client' })
      await waitFor(() => tile('success-rate'), (text) => text === '100.0 %', { timeoutMs: 10_000, message: 'success rate 100 %' })
      expect(await tile('open-circuits')).toBe('0')
      // The page's memory, where Chromium tells it (performance.memory).
      expect(await tile('memory')).toMatch(/^\d+\.\d MB$/)

      await dashboard.page.evaluate(() => window.__realtime?.transport.chaos.tripCircuit('queue'))
      await waitFor(() => tile('open-circuits'), (text) => text === '1', { timeoutMs: 10_000, message: 'one open circuit' })

      const alerts = await monitor.page.evaluate(() => [...document.querySelectorAll('[data-testid^="alert-"]')].map((row) => [row.getAttribute('data-testid'), row.querySelector('.alert-state')?.textContent]))
      expect(alerts).toHaveLength(10)
      expect(alerts).toContainEqual(['alert-ConnectionFailuresHigh', 'ok'])
      expect(alerts).toContainEqual(['alert-ReconnectSlow', 'no_data'])
      const canvases = await monitor.page.evaluate(() => document.querySelectorAll('[data-testid^="chart-"] canvas').length)
      expect(canvases).toBe(6)
      expect(monitor.errors).toEqual([])
      expect(dashboard.errors).toEqual([])
    } finally {
      await monitor.close()
    }
  })
})
