import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './harness'

/** Like `useE2E`, with reference server flags (`--legacy`, `--payloads foreign`). */
export const useE2EWith = (serverArgs: string[]): (() => E2E) => {
  let e2e: E2E | undefined
  beforeAll(async () => {
    e2e = await startE2E({ serverArgs })
  }, 120_000)
  afterEach(async () => {
    await e2e?.closePages()
  })
  afterAll(async () => {
    await e2e?.teardown()
  })
  return () => {
    if (e2e === undefined) throw new Error('the E2E environment did not start')
    return e2e
  }
}

/** The text of every element with `data-testid` = `testId`, or null when there is none. */
export const textOf = (page: Page, testId: string): Promise<string | null> =>
  page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null, testId)

/** How many cards still show the empty placeholder. */
export const emptyCards = (page: Page): Promise<number> =>
  page.evaluate(() => [...document.querySelectorAll('.placeholder')].filter((element) => element.textContent?.includes('Waiting for the first snapshot')).length)
