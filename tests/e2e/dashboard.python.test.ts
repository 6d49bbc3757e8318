import { describe, expect, it } from 'vitest'
import { FEEDS, useE2E, waitFor, waitForBadges } from './harness'
import { backendRestartRecovers, hiddenTabReopens, networkLossRecovers } from './scenarios/recovery'

// The same recovery scenarios against server-python/ (FastAPI + uvicorn): the client needs nothing Node-specific.
describe('dashboard against the Python backend (server-python/)', () => {
  const e2e = useE2E(async (running) => {
    if (!running.server.isRunning()) await running.server.restart()
  }, { backend: 'python' })

  it('fills all 8 cards from the Python demo generator, in the shapes the demo accepts', async () => {
    const { page, errors } = await e2e().open()
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    await waitFor(() => page.locator('.placeholder').count(), (count) => count === 0, { timeoutMs: 10_000, message: 'no card waiting for its first snapshot' })
    const lastErrors = await page.evaluate(() => Object.values(window.__realtime?.getState().connections ?? {}).map((health) => health.lastError))
    expect(lastErrors).toEqual(FEEDS.map(() => null))
    expect(errors).toEqual([])
  })

  it('reconnects all 8 feeds after the Python backend is killed and restarted on the same port, without a reload', () => backendRestartRecovers(e2e))

  it('goes off "Connected" when the browser goes offline and comes back online against the Python backend', () => networkLossRecovers(e2e))

  it('closes every socket while the tab is hidden and reopens exactly one per feed on the Python backend', () => hiddenTabReopens(e2e))
})
