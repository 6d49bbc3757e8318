import { describe, expect, it } from 'vitest'
import { FEEDS, badgeText, waitForBadges, useE2E } from './harness'
import { textOf } from './backends.helpers'

// SPEC §8/§10: connected, but the latest frame could not be applied → `Data error`, until the next good frame.
describe('a rejected frame', () => {
  const e2e = useE2E()

  it('turns the badge to Data error with the reason on the card, and back to Connected on the next good frame', async () => {
    const { page, errors } = await e2e().open()
    await waitForBadges(page, FEEDS, 'Connected', 30_000)
    await e2e().control({ action: 'badData', endpoint: 'routes' })
    await waitForBadges(page, ['routes'], 'Data error', 10_000)
    expect(await textOf(page, 'routes-data-error')).toContain('routes: routes_update rejected by its schema: data: expected an object, got string')
    expect(await badgeText(page, 'queue')).toBe('Connected')
    await e2e().control({ action: 'burst', endpoint: 'routes', count: 1 })
    await waitForBadges(page, ['routes'], 'Connected', 10_000)
    expect(await textOf(page, 'routes-data-error')).toBeNull()
    expect(errors).toEqual([])
  })
})
