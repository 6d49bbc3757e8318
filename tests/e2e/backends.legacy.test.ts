import { describe, expect, it } from 'vitest'
import { FEEDS, waitFor, waitForBadges } from './harness'
import { emptyCards, useE2EWith } from './backends.helpers'

// SPEC §10: the plan's old backend — no snapshot on connect, no pong, every type on every socket.
describe('the old backend (`npm run server -- --legacy`)', () => {
  const e2e = useE2EWith(['--legacy'])

  it('fills all 8 cards (first snapshot over HTTP), and the dev panel says the server sends every type on every socket', async () => {
    const { page, errors } = await e2e().open()
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    await waitFor(() => emptyCards(page), (count) => count === 0, { timeoutMs: 15_000, message: 'every card filled' })
    const slices = await page.evaluate(() => {
      const state = window.__realtime?.getState()
      return state === undefined ? [] : [state.queue, state.adwMonitor, state.workflows, state.routes, state.workflowHistory, state.plannedFeatures, state.systemStatus, state.webhookStatus].map((slice) => slice !== null)
    })
    expect(slices).toEqual(FEEDS.map(() => true))

    await page.getByTestId('devpanel-toggle').click()
    const note = await waitFor(
      async () => ((await page.locator('[data-col="foreign"]').count()) > 0 ? page.locator('[data-col="foreign"]').first().textContent() : null),
      (text) => text !== null,
      { timeoutMs: 15_000, message: 'a "gets every type" note in the dev panel' },
    )
    expect(note).toMatch(/gets every type \(\d+ foreign\)/)
    await page.getByRole('button', { name: 'Frames of queue' }).click()
    const explained = await page.getByTestId('devpanel-foreign-note').textContent()
    expect(explained).toContain('The server sends every type on every socket')
    expect(await page.evaluate(() => window.__realtime?.transport.metrics().messagesRejected)).toBe(0)
    expect(errors).toEqual([])
  })
})
