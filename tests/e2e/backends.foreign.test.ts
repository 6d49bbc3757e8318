import { describe, expect, it } from 'vitest'
import { FEEDS, waitFor, waitForBadges } from './harness'
import { emptyCards, textOf, useE2EWith } from './backends.helpers'

// SPEC §10: a backend with its own payloads (snake_case field names, `--payloads foreign`).
describe('a backend whose payloads are not the demo\'s', () => {
  const e2e = useE2EWith(['--payloads', 'foreign'])

  it('the facade with default settings shows every feed\'s data as the server sent it, all Connected', async () => {
    const { page, errors } = await e2e().open({ view: 'facade' })
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    await waitFor(() => emptyCards(page), (count) => count === 0, { timeoutMs: 15_000, message: 'every card filled' })
    for (const name of FEEDS) expect(await textOf(page, `${name}-data`), name).toContain('"updated_at"')
    expect(errors).toEqual([])
  })

  it('the demo, whose schemas are its own data model, says Data error on every card and why — never Connected over empty', async () => {
    const { page, errors } = await e2e().open()
    await waitForBadges(page, FEEDS, 'Data error', 30_000)
    for (const name of FEEDS) expect(await textOf(page, `${name}-data-error`), name).toMatch(/rejected by its schema: data\./)
    expect(await textOf(page, 'connection-summary')).toMatch(/8 of 8 feeds degraded/)
    // Playwright's locators pierce the panel's shadow root.
    const toggle = page.getByTestId('devpanel-toggle')
    await waitFor(() => toggle.textContent(), (text) => text !== null && text.includes('0/8') && text.includes('8 data errors'), { timeoutMs: 10_000, message: 'the toggle counts the data errors as not live' })
    expect(await toggle.getAttribute('aria-label')).toBe('Realtime dev panel: 8/8 connected, 8 data errors')
    expect(await toggle.getAttribute('data-severity')).toBe('warn')
    expect(errors).toEqual([])
  })
})
