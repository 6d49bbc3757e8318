import { copyFile, mkdir, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { FEEDS, badgeText, screenshot, waitFor, waitForBadges, useE2E } from './harness'

const DOCS_SCREENSHOT = fileURLToPath(new URL('../../docs/screenshots/devpanel.png', import.meta.url))

// Playwright's locators pierce the panel's open shadow root.
const row = (page: Page, name: string): Locator => page.getByTestId(`devpanel-row-${name}`)
const rowText = (page: Page, name: string, selector: string): Promise<string | null> => row(page, name).locator(selector).first().textContent()
const timelineReasons = (page: Page, name: string): Promise<string[]> =>
  page.getByTestId('devpanel-timeline').locator(`li[data-endpoint="${name}"] .zrdp-reason`).allTextContents()
const rowsText = (page: Page, selector: string): Promise<(string | null)[]> => Promise.all(FEEDS.map((name) => rowText(page, name, selector)))

const openPanel = async (page: Page): Promise<Locator> => {
  await page.getByTestId('devpanel-toggle').click()
  const panel = page.getByRole('region', { name: 'Realtime transport' })
  await panel.waitFor()
  return panel
}

describe('dev panel in the browser (reference server + demo)', () => {
  const e2e = useE2E()

  it('Kill reconnects the queue and the timeline shows it; Trip circuit opens it and the badge says Polling; Reset closes it', async () => {
    const { page, errors } = await e2e().open({ heartbeatInterval: 1000 })
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    const toggle = page.getByTestId('devpanel-toggle')
    expect(await toggle.getAttribute('aria-label')).toBe('Realtime dev panel: 8/8 connected')
    await openPanel(page)
    expect(await rowsText(page, '.zrdp-status')).toEqual(FEEDS.map(() => 'connected'))

    const acceptsBefore = (await e2e().serverMetrics()).acceptLog.filter((entry) => entry.endpoint === 'queue').length
    await row(page, 'queue').getByRole('button', { name: 'Kill' }).click()
    await waitFor(() => timelineReasons(page, 'queue'), (reasons) => reasons.includes('chaos: kill (1006)') && reasons.includes('1006closed 1006: chaos: killed'), {
      message: 'the kill and its close in the timeline',
    })
    await waitFor(() => e2e().serverMetrics(), (m) => m.acceptLog.filter((entry) => entry.endpoint === 'queue').length === acceptsBefore + 1 && m.connections.byEndpoint.queue === 1, {
      message: 'the queue reconnected once',
    })
    await waitFor(() => rowText(page, 'queue', '.zrdp-status'), (text) => text === 'connected', { message: 'queue row connected again' })
    expect(await rowText(page, 'queue', '[data-col="error"]')).toContain('1006')
    expect(await badgeText(page, 'queue')).toBe('Connected')

    await row(page, 'queue').getByRole('button', { name: 'Trip circuit' }).click()
    await waitFor(() => rowText(page, 'queue', '.zrdp-circuit'), (text) => text === 'open', { message: 'queue row says open' })
    await waitForBadges(page, ['queue'], 'Polling', 10_000)
    expect(await rowText(page, 'queue', '[data-col="probe"]')).toMatch(/^probe in \d+ s$/)
    expect(await toggle.getAttribute('data-severity')).toBe('error')
    expect(await toggle.getAttribute('aria-label')).toContain('1 open circuit')

    await row(page, 'queue').getByRole('button', { name: 'Reset circuit' }).click()
    await waitFor(() => rowText(page, 'queue', '.zrdp-circuit'), (text) => text === 'closed', { message: 'queue row says closed' })
    await waitForBadges(page, ['queue'], 'Connected', 20_000)
    expect(errors).toEqual([])
  })

  it('Go offline pauses every endpoint, and back online they all reconnect', async () => {
    const { page, errors } = await e2e().open()
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    const panel = await openPanel(page)
    const offline = panel.getByRole('button', { name: 'Go offline' })

    await offline.click()
    expect(await offline.getAttribute('aria-pressed')).toBe('true')
    await waitForBadges(page, FEEDS, 'Paused', 10_000)
    expect(await rowsText(page, '[data-col="paused"]')).toEqual(FEEDS.map(() => 'paused: offline'))
    await waitFor(() => e2e().serverMetrics(), (m) => m.connections.total === 0, { message: 'no socket open while offline' })
    expect(await page.getByTestId('devpanel-chaos-banner').textContent()).toContain('pool forced offline')

    await offline.click()
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    expect(await rowsText(page, '.zrdp-status')).toEqual(FEEDS.map(() => 'connected'))
    expect(await page.getByTestId('devpanel-chaos-banner').count()).toBe(0)
    expect(errors).toEqual([])
  })

  it('keeps the page and the panel styles apart, opens with Alt+Shift+R, and looks right (screenshots)', async () => {
    const { page, errors } = await e2e().open({ heartbeatInterval: 1000 })
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    await page.addStyleTag({ content: 'button { display: none !important; } .zrdp-btn { color: rgb(255, 0, 0); }' })
    await page.evaluate(() => {
      const probe = document.createElement('span')
      probe.className = 'zrdp-btn'
      probe.id = 'style-probe'
      document.body.append(probe)
    })
    expect(await page.getByTestId('devpanel-toggle').isVisible()).toBe(true) // the page's button rule does not reach in
    expect(await page.locator('#style-probe').evaluate((element) => getComputedStyle(element).borderStyle)).toBe('none') // nor the panel's rules out

    const box = await page.getByTestId('devpanel-toggle').boundingBox()
    expect(box !== null && box.width < 160 && box.height <= 32).toBe(true) // closed, it is a small corner toggle
    await page.keyboard.press('Alt+Shift+R')
    const panel = page.getByRole('region', { name: 'Realtime transport' })
    await panel.waitFor()
    expect(await panel.evaluate((element) => (element.getRootNode() as ShadowRoot).activeElement === element)).toBe(true)

    const sparklines = () => page.getByTestId('devpanel').locator('[data-col="rtt"] svg[role="img"]').count()
    await waitFor(sparklines, (count) => count === FEEDS.length, { message: 'an RTT sparkline (2+ heartbeats) in every row' })
    await row(page, 'routes').getByRole('button', { name: 'Drop pongs' }).click()
    await row(page, 'workflow-history').getByRole('button', { name: 'Trip circuit' }).click()
    await row(page, 'adw-monitor').getByRole('button', { name: 'Add latency' }).click()
    await waitForBadges(page, ['workflow-history'], 'Polling', 10_000)
    await page.getByRole('combobox', { name: 'Panel size' }).selectOption('large')
    await waitFor(() => rowText(page, 'workflow-history', '[data-col="probe"]'), (text) => /^probe in \d+ s$/.test(text ?? ''), { message: 'the probe countdown' })
    console.log(`[e2e] screenshot ${await screenshot(page, 'devpanel-page')}`)
    const path = fileURLToPath(new URL('../../test-results/e2e/devpanel.png', import.meta.url))
    await panel.screenshot({ path })
    await mkdir(fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)), { recursive: true })
    await copyFile(path, DOCS_SCREENSHOT)
    const { size } = await stat(DOCS_SCREENSHOT)
    console.log(`[e2e] screenshot ${path} → docs/screenshots/devpanel.png (${Math.round(size / 1024)} KB)`)
    expect(size).toBeLessThan(300 * 1024)

    await page.getByRole('button', { name: 'Clear chaos' }).click()
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    expect(errors).toEqual([])
  })
})
