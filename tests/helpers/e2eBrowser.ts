import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { FeedName } from '../../src/store/dashboard/feeds'

/** FIELD-NOTES: Debian's chromium driven by playwright-core. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** One text a badge showed, and since when (`Date.now()` in the page). */
export interface BadgeSample {
  text: string | null
  at: number
}

/** One WebSocket the page constructed: its URL and `Date.now()` right after the constructor. */
export interface SocketSample {
  url: string
  at: number
}

declare global {
  interface Window {
    /** Filled by `recordBadge`, per feed. */
    __badgeLog?: Record<string, BadgeSample[]>
    /** Filled when the page was opened with `recordSockets`. */
    __socketLog?: SocketSample[]
  }
}

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url))

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })

/** A page in a fresh context; `errors` collects uncaught page errors (tests can assert it stays empty). */
export interface DashboardPage {
  readonly context: BrowserContext
  readonly page: Page
  readonly errors: string[]
  close(): Promise<void>
}

export interface OpenOptions {
  /** Log every `new WebSocket()` of the page (read with `socketLog`): the client side of the stagger. */
  recordSockets?: boolean
  /** Default 1440 × 1000. */
  viewport?: { width: number; height: number }
}

/** Before any page script: `WebSocket` becomes a subclass that logs each construction, nothing else. */
const installSocketRecorder = (): void => {
  const Native = window.WebSocket
  const log: SocketSample[] = (window.__socketLog = [])
  window.WebSocket = class RecordedWebSocket extends Native {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args)
      log.push({ url: String(args[0]), at: Date.now() })
    }
  }
}

export const openPage = async (browser: Browser, url: string, options: OpenOptions = {}): Promise<DashboardPage> => {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 1000 }, deviceScaleFactor: 1 })
  if (options.recordSockets === true) await context.addInitScript(installSocketRecorder)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(url)
  return { context, page, errors, close: () => context.close() }
}

export interface WaitOptions {
  timeoutMs?: number
  intervalMs?: number
  /** Said in the error, with the last value seen. */
  message?: string
}

/** Polls `read` until `accept` holds for its value; returns that value or throws after `timeoutMs`. */
export const waitFor = async <T>(read: () => Promise<T> | T, accept: (value: T) => boolean, options: WaitOptions = {}): Promise<T> => {
  const { timeoutMs = 15_000, intervalMs = 50, message = 'condition' } = options
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  for (;;) {
    last = await read()
    if (accept(last)) return last
    if (Date.now() > deadline) throw new Error(`waitFor: ${message} not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** The text of `<name>-status` (null while the card is not rendered). */
export const badgeText = (page: Page, name: FeedName): Promise<string | null> =>
  page.evaluate((testId) => document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null, `${name}-status`)

/** Every named badge's text, in order. */
export const badgeTexts = (page: Page, names: readonly FeedName[]): Promise<(string | null)[]> =>
  page.evaluate(
    (testIds) => testIds.map((testId) => document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null),
    names.map((name) => `${name}-status`),
  )

/**
 * Waits until every named badge shows `text` (or, given a predicate, satisfies it);
 * resolves with `Date.now()` at that moment.
 */
export const waitForBadges = async (
  page: Page,
  names: readonly FeedName[],
  text: string | ((badge: string | null) => boolean),
  timeoutMs = 20_000,
): Promise<number> => {
  const accept = typeof text === 'string' ? (badge: string | null) => badge === text : text
  await waitFor(() => badgeTexts(page, names), (texts) => texts.every(accept), {
    timeoutMs,
    message: `badges ${names.join(', ')} ${typeof text === 'string' ? `= ${text}` : 'match'}`,
  })
  return Date.now()
}

/**
 * Records every text the badge shows from now on, with `Date.now()` in the page, so a state
 * that lasts less than one polling interval is still seen. Read it with `badgeHistory`.
 */
export const recordBadge = (page: Page, name: FeedName): Promise<void> =>
  page.evaluate((feed) => {
    const card = document.querySelector(`[data-feed="${feed}"]`)
    if (card === null) throw new Error(`no card for ${feed}`)
    const log = (window.__badgeLog ??= {})
    const entries: BadgeSample[] = (log[feed] = [])
    const read = () => card.querySelector(`[data-testid="${feed}-status"]`)?.textContent ?? null
    entries.push({ text: read(), at: Date.now() })
    new MutationObserver(() => {
      const text = read()
      if (entries[entries.length - 1]?.text !== text) entries.push({ text, at: Date.now() })
    }).observe(card, { subtree: true, childList: true, characterData: true })
  }, name)

export const badgeHistory = (page: Page, name: FeedName): Promise<BadgeSample[]> =>
  page.evaluate((feed) => window.__badgeLog?.[feed] ?? [], name)

/** The sockets the page constructed since it loaded (needs `recordSockets`; a reload starts a new log). */
export const socketLog = (page: Page): Promise<SocketSample[]> => page.evaluate(() => window.__socketLog ?? [])

/**
 * FIELD-NOTES: headless Chromium cannot really hide a tab; override `visibilityState`/`hidden`
 * and dispatch `visibilitychange`, which is what the transport listens to.
 */
export const hidePage = (page: Page): Promise<void> =>
  page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })
    document.dispatchEvent(new Event('visibilitychange'))
  })

/** Removes the overrides of `hidePage` (back to the real, visible values) and dispatches `visibilitychange`. */
export const showPage = (page: Page): Promise<void> =>
  page.evaluate(() => {
    Reflect.deleteProperty(document, 'visibilityState')
    Reflect.deleteProperty(document, 'hidden')
    document.dispatchEvent(new Event('visibilitychange'))
  })

/**
 * Saves a PNG of the whole page to `test-results/e2e/<name>.png` and returns its path. The viewport
 * grows to the page's height for the shot (then comes back), so fixed elements such as the dev
 * panel toggle sit where a user sees them, in the bottom corner, not halfway down the image.
 */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  const viewport = page.viewportSize()
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  if (viewport !== null && height > viewport.height) await page.setViewportSize({ width: viewport.width, height })
  try {
    await page.screenshot({ path })
  } finally {
    if (viewport !== null) await page.setViewportSize(viewport)
  }
  return path
}
