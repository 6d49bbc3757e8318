import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TabSharingState } from '../../src/transport/tabs/types'
import type { MonitorEvent } from '../../soak/sessionMonitor'

declare global {
  interface Window {
    /** Filled by `recordSeqs`: every message and socket session the page's store saw, for the soak's SessionMonitor. */
    __seqLog?: MonitorEvent[]
    /** Filled by `watchFreshData`: when a feed's `seq` went up, and which leader the page followed then. */
    __freshLog?: { at: number; leader: string | null }[]
  }
}

/** Several pages of ONE browser context: the tabs of one browser, sharing locks and channels. */
export interface BrowserTabs {
  readonly context: BrowserContext
  readonly pages: Page[]
  /** Uncaught page errors of every page. */
  readonly errors: string[]
  /** Opens one more tab at `url`. */
  open(): Promise<Page>
  close(): Promise<void>
}

export const openTabs = async (browser: Browser, url: string, count: number): Promise<BrowserTabs> => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const pages: Page[] = []
  const errors: string[] = []
  const open = async (): Promise<Page> => {
    const page = await context.newPage()
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(url)
    pages.push(page)
    return page
  }
  for (let i = 0; i < count; i += 1) await open()
  return { context, pages, errors, open, close: () => context.close() }
}

/** The page's role in the shared connection set (null: it runs sockets of its own). */
export const tabRole = (page: Page): Promise<TabSharingState | null> =>
  page.evaluate(() => window.__realtimeTabs?.() ?? null)

/** The page whose store leads, among `pages`. */
export const leaderOf = async (pages: readonly Page[]): Promise<Page | null> => {
  for (const page of pages) if ((await tabRole(page))?.role === 'leader') return page
  return null
}

/**
 * Logs, in the page, every message its store's transport delivers (`seq`, and whether the feed was
 * connected) and every `connected` transition (a new socket session), as the soak's browser client does.
 */
export const recordSeqs = (page: Page, feeds: readonly string[]): Promise<void> =>
  page.evaluate((names) => {
    const store = window.__realtime
    if (store === undefined) throw new Error('no window.__realtime (not a dev build?)')
    const log: MonitorEvent[] = (window.__seqLog = [])
    const pool = store.transport
    pool.onTransition((transition) => {
      if (transition.kind === 'state' && transition.to === 'connected') log.push({ k: 's', f: transition.name })
    })
    for (const name of names) {
      pool.subscribe(name, (message) => { log.push({ k: 'm', f: name, seq: message.seq, live: pool.health(name).status === 'connected' }) })
    }
  }, [...feeds])

export const seqLog = (page: Page): Promise<MonitorEvent[]> => page.evaluate(() => window.__seqLog ?? [])

/** The highest `seq` the page's store holds per feed. */
export const storeSeqs = (page: Page): Promise<Record<string, number>> =>
  page.evaluate(() => ({ ...(window.__realtime?.getState().seq ?? {}) }))

/**
 * From now on, logs in the page (`Date.now()`, no polling delay) every time a feed's `seq` in the
 * store goes up, with the leader the page followed then; read the first after a hand-off with `freshAt`.
 */
export const watchFreshData = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const store = window.__realtime
    if (store === undefined) throw new Error('no window.__realtime (not a dev build?)')
    const log: { at: number; leader: string | null }[] = (window.__freshLog = [])
    store.subscribe((state, previous) => {
      const before: Record<string, number> = previous.seq
      if (!Object.entries(state.seq).some(([name, seq]) => seq > (before[name] ?? 0))) return
      log.push({ at: Date.now(), leader: window.__realtimeTabs?.()?.leaderId ?? null })
    })
  })

/** When the page first got newer data from a leader other than `oldLeader` (null: not yet). */
export const freshAt = (page: Page, oldLeader: string | null): Promise<number | null> =>
  page.evaluate((old) => window.__freshLog?.find((entry) => entry.leader !== null && entry.leader !== old)?.at ?? null, oldLeader)
