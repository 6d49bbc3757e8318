/**
 * E2E harness: the reference server, the demo (Vite) and headless Chromium, wired together.
 *
 *   const e2e = await startE2E()                 // beforeAll: server (free port, --control) → Vite → Chromium
 *   useE2E(afterEach, { backend: 'python' })     // the same against server-python/ (no control API)
 *   const { page, close } = await e2e.open({ heartbeatInterval: 500 })   // new context + page, query = page config
 *   await waitForBadges(page, FEEDS, 'Connected')                        // all 8 status badges
 *   await e2e.control({ action: 'silence', endpoint: 'queue', on: true }) // POST /__control
 *   const metrics = await e2e.serverMetrics()     // GET /metrics: connections, accepts, acceptLog…
 *   await e2e.server.kill(); await e2e.server.restart()   // SIGKILL, then back on the SAME port
 *   await hidePage(page); await showPage(page)    // visibility override + visibilitychange
 *   await screenshot(page, 'dashboard')           // → test-results/e2e/dashboard.png
 *   await e2e.closePages(); await e2e.teardown()  // afterEach / afterAll: pages; browser, Vite, server
 *
 * Page helpers (re-exported from tests/helpers/e2eBrowser.ts): `badgeText(page, name)`,
 * `badgeTexts`, `waitForBadges(page, names, text | predicate, timeoutMs)` (resolves with the
 * time it held), `recordBadge` + `badgeHistory` (every badge text with its time, for states
 * shorter than a poll), `waitFor(read, accept, {timeoutMs, message})`, `hidePage`/`showPage`,
 * `screenshot`, `socketLog` (with `open(query, { recordSockets: true })`: every `new WebSocket()`
 * of the page with its time). Chromium is `/usr/bin/chromium` unless `CHROMIUM_PATH` says otherwise.
 * The page exposes its store as `window.__realtime` (dev builds).
 */
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { ServerMetrics } from '../../server/metrics'
import { DASHBOARD_FEEDS, FEED_NAMES, type FeedName } from '../../src/store/dashboard/feeds'
import { launchBrowser, openPage, type DashboardPage, type OpenOptions } from '../helpers/e2eBrowser'
import { startE2EServer, type ControlCommand, type E2EBackend, type E2EServer } from '../helpers/e2eServer'
import { startDemo, type E2EDemo } from '../helpers/e2eVite'
import type { ControlResult } from '../../server/controlCommands'

export {
  badgeHistory, badgeText, badgeTexts, hidePage, recordBadge, screenshot, showPage, socketLog, waitFor, waitForBadges,
  type BadgeSample, type DashboardPage, type OpenOptions, type SocketSample,
} from '../helpers/e2eBrowser'
export type { ControlCommand, E2EBackend, E2EServer } from '../helpers/e2eServer'

/** The 8 feeds, in catalogue (= priority) order. */
export const FEEDS: readonly FeedName[] = FEED_NAMES

export const priorityOf = (name: FeedName): number => DASHBOARD_FEEDS.find((feed) => feed.name === name)?.priority ?? 0

/** Page config of `src/demo/pageConfig.ts`, sent as the URL query. */
export interface PageQuery {
  heartbeatInterval?: number
  heartbeatTimeout?: number
  hiddenGraceMs?: number
  staggerMs?: number
  pollIntervalMs?: number
  /** `facade`: the old GlobalWebSocketProvider with default settings, every feed's data as JSON. */
  view?: 'facade'
  /** `1`: the page reports its metrics to the backend's collector every `reportMs`. */
  report?: 1
  reportMs?: number
}

export interface E2E {
  readonly server: E2EServer
  readonly demo: E2EDemo
  readonly browser: Browser
  /** The demo URL with `query` as page config. */
  url(query?: PageQuery): string
  /** Opens the dashboard in a fresh browser context. */
  open(query?: PageQuery, options?: OpenOptions): Promise<DashboardPage>
  /** Closes every page `open` gave (call it in `afterEach`, so a failed test leaves no socket behind). */
  closePages(): Promise<void>
  serverMetrics(): Promise<ServerMetrics>
  control(command: ControlCommand): Promise<ControlResult>
  /** Closes every page, Chromium, Vite and the server, even if some of them fail. */
  teardown(): Promise<void>
}

export interface StartOptions {
  /** Extra reference server flags, e.g. `['--update-ms', '500']`. */
  serverArgs?: string[]
  /** Which backend the page talks to; default the Node reference server. */
  backend?: E2EBackend
}

export const startE2E = async ({ serverArgs = [], backend = 'node' }: StartOptions = {}): Promise<E2E> => {
  const server = await startE2EServer(serverArgs, backend)
  let demo: E2EDemo | null = null
  let browser: Browser | null = null
  const pages = new Set<DashboardPage>()
  const teardown = async (): Promise<void> => {
    // In order: pages before their browser (closing both at once races), then Vite and the server.
    const results = [
      ...(await Promise.allSettled([...pages].map((page) => page.close()))),
      ...(await Promise.allSettled([browser?.close(), demo?.close(), server.stop()])),
    ]
    pages.clear()
    const failure = results.find((result) => result.status === 'rejected')
    if (failure !== undefined) throw failure.reason
  }
  try {
    demo = await startDemo(server.wsBase)
    browser = await launchBrowser()
  } catch (error) {
    await teardown().catch(() => undefined)
    throw error
  }
  const started = { demo, browser }
  const url = (query: PageQuery = {}): string => {
    const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString()
    return search === '' ? started.demo.url : `${started.demo.url}?${search}`
  }
  return {
    server,
    demo: started.demo,
    browser: started.browser,
    url,
    async open(query, options) {
      const page = await openPage(started.browser, url(query), options)
      pages.add(page)
      return {
        ...page,
        close: async () => {
          pages.delete(page)
          await page.close()
        },
      }
    },
    async closePages() {
      const open = [...pages]
      pages.clear()
      await Promise.all(open.map((page) => page.close()))
    },
    serverMetrics: () => server.metrics(),
    control: (command) => server.control(command),
    teardown,
  }
}

/** Accepts of the server's acceptLog at or after `since` (ms since the epoch). */
/**
 * One server + demo + browser per test file: started before the first test, pages closed after
 * each test (then `afterEachTest`, e.g. a server reset), everything torn down at the end.
 */
export const useE2E = (afterEachTest?: (e2e: E2E) => Promise<unknown>, options?: StartOptions): (() => E2E) => {
  let e2e: E2E | undefined
  beforeAll(async () => {
    e2e = await startE2E(options)
  })
  afterEach(async () => {
    if (e2e === undefined) return
    await e2e.closePages()
    await afterEachTest?.(e2e)
  })
  afterAll(async () => {
    await e2e?.teardown()
  })
  return () => {
    if (e2e === undefined) throw new Error('useE2E: the E2E environment did not start')
    return e2e
  }
}

export const acceptsSince = (metrics: ServerMetrics, since: number): ServerMetrics['acceptLog'] =>
  metrics.acceptLog.filter((entry) => entry.at >= since)
