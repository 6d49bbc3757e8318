import { describe, expect, it } from 'vitest'
import { FEEDS, badgeText, waitFor, waitForBadges, useE2E } from './harness'

// SPEC §6.4: while a circuit is open, polling keeps the data fresh and the badge says so.
describe('dashboard polling fallback', () => {
  const e2e = useE2E()

  it('shows Polling while the queue circuit is open, keeps its data fresh over HTTP, and reconnects when it closes', async () => {
    const { page, errors } = await e2e().open({ pollIntervalMs: 500 })
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    const queueSeq = () => page.evaluate(() => window.__realtime?.getState().seq.queue ?? -1)

    await page.evaluate(() => window.__realtime?.transport.chaos.tripCircuit('queue'))
    await waitForBadges(page, ['queue'], 'Polling', 10_000)
    await waitFor(() => e2e().serverMetrics(), (m) => m.connections.byEndpoint.queue === 0, { message: 'no queue socket while the circuit is open' })
    expect(await badgeText(page, 'adw-monitor')).toBe('Connected')

    const before = await queueSeq()
    await e2e().control({ action: 'burst', endpoint: 'queue', count: 3 })
    const after = await waitFor(queueSeq, (seq) => seq >= before + 3, { timeoutMs: 10_000, message: 'queue data arrives by polling' })
    console.log(`[e2e] polling fallback: queue seq ${before} → ${after} with no queue socket open`)
    expect((await e2e().serverMetrics()).connections.byEndpoint.queue).toBe(0)

    await page.evaluate(() => window.__realtime?.transport.chaos.resetCircuit('queue'))
    await waitForBadges(page, ['queue'], 'Connected', 20_000)
    await waitFor(() => e2e().serverMetrics(), (m) => m.connections.byEndpoint.queue === 1, { message: 'one queue socket again' })
    expect(errors).toEqual([])
  })
})
