import { describe, expect, it } from 'vitest'
import { FEEDS, badgeHistory, recordBadge, waitFor, waitForBadges, useE2E } from './harness'

const HEARTBEAT = { interval: 500, timeout: 500 }
/** Render, polling and a busy shared machine: generous, and still far below the 35 s of the defaults. */
const SLACK_MS = 2500

// SPEC §6.5: a silent dead socket is detected within interval + timeout.
describe('dashboard heartbeat', () => {
  const e2e = useE2E((running) => running.control({ action: 'reset' }))

  it('shows a silenced feed as no longer Connected within interval + timeout, and only that feed', async () => {
    const { page, errors } = await e2e().open({ heartbeatInterval: HEARTBEAT.interval, heartbeatTimeout: HEARTBEAT.timeout })
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    await recordBadge(page, 'queue')
    await recordBadge(page, 'adw-monitor')

    const silencedAt = Date.now()
    await e2e().control({ action: 'silence', endpoint: 'queue', on: true })
    const history = await waitFor(() => badgeHistory(page, 'queue'), (samples) => samples.some((sample) => sample.text !== 'Connected'), {
      timeoutMs: HEARTBEAT.interval + HEARTBEAT.timeout + SLACK_MS + 5000,
      message: 'queue badge leaves Connected',
    })
    const left = history.find((sample) => sample.text !== 'Connected')
    const detectionMs = (left?.at ?? Number.POSITIVE_INFINITY) - silencedAt
    console.log(`[e2e] heartbeat ${HEARTBEAT.interval}+${HEARTBEAT.timeout} ms: silent queue socket detected in ${detectionMs} ms (badge → ${left?.text})`)
    expect(detectionMs).toBeLessThanOrEqual(HEARTBEAT.interval + HEARTBEAT.timeout + SLACK_MS)

    const lastError = await page.evaluate(() => window.__realtime?.getState().connections.queue?.lastError ?? null)
    expect(lastError?.code).toBe(4000)
    expect(lastError?.message).toMatch(/heartbeat/i)
    // Per-endpoint: the other feeds never blinked.
    expect((await badgeHistory(page, 'adw-monitor')).map((sample) => sample.text)).toEqual(['Connected'])

    await e2e().control({ action: 'silence', endpoint: 'queue', on: false })
    await waitForBadges(page, ['queue'], 'Connected', 30_000)
    expect(errors).toEqual([])
  })
})
