import { chromium, type Browser } from 'playwright-core'
import { DASHBOARD_FEEDS, type FeedName } from '../src/store/dashboard/feeds'
import type { TransportMetrics } from '../src/transport/types'
import { CHROMIUM_ARGS, openPage, type DashboardPage } from '../tests/helpers/e2eBrowser'
import { startDemo, type E2EDemo } from '../tests/helpers/e2eVite'
import { PAGE_QUERY } from './config'
import type { CircuitCounts, FeedState, Participant } from './participant'
import { SessionMonitor, type MonitorEvent } from './sessionMonitor'

/**
 * Installed in the page (as source text, so no bundler helper sneaks into it): watches the demo's
 * store (`window.__realtime`) like NodeParticipant does and logs messages/sessions for the monitor.
 */
const PAGE_SCRIPT = `(() => {
  const store = window.__realtime
  if (!store) return false
  if (window.__soak) return true
  const FEEDS = ${JSON.stringify(DASHBOARD_FEEDS.map((feed) => [feed.name, feed.key]))}
  const log = []
  let since = null
  const healthy = (s) => FEEDS.every(([f]) => {
    const c = s.connections[f]
    return c !== undefined && c.status === 'connected' && c.circuitState === 'closed' && c.fallback === 'none' && c.paused === false
  })
  const track = (s) => {
    const h = healthy(s)
    if (h && since === null) since = Date.now()
    else if (!h) since = null
  }
  track(store.getState())
  store.subscribe((s, p) => { if (s.connections !== p.connections) track(s) })
  const t = store.transport
  const circuits = { opened: 0, reopened: 0, recovered: 0 }
  t.onTransition((tr) => {
    if (tr.kind === 'state' && tr.to === 'connected') log.push({ k: 's', f: tr.name })
    if (tr.kind !== 'circuit') return
    if (tr.from === 'circuit closed' && tr.to === 'circuit open') circuits.opened += 1
    else if (tr.from === 'circuit half-open' && tr.to === 'circuit open') circuits.reopened += 1
    else if (tr.from === 'circuit half-open' && tr.to === 'circuit closed') circuits.recovered += 1
  })
  for (const [f] of FEEDS) t.subscribe(f, (m) => { log.push({ k: 'm', f, seq: m.seq, live: t.health(f).status === 'connected' }) })
  window.__soak = {
    drain: () => log.splice(0),
    mark: (event) => { log.push(event) },
    since: () => since,
    healthy: () => healthy(store.getState()),
    connected: () => FEEDS.filter(([f]) => t.health(f).status === 'connected').length,
    feeds: () => {
      const s = store.getState()
      return Object.fromEntries(FEEDS.map(([f, key]) => [f, { seq: s.seq[f], data: s[key] }]))
    },
    metrics: () => t.metrics(),
    circuits: () => ({ ...circuits }),
    latency: (feeds, ms) => { for (const f of feeds) t.chaos.latency(f, ms) },
    heap: () => { if (typeof window.gc === 'function') window.gc(); return performance.memory ? performance.memory.usedJSHeapSize : null },
  }
  return true
})()`

/** FIELD-NOTES: headless Chromium cannot really hide a page; override visibility and dispatch the event. */
const HIDE_SCRIPT = `(() => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })
  document.dispatchEvent(new Event('visibilitychange'))
})()`
const SHOW_SCRIPT = `(() => {
  Reflect.deleteProperty(document, 'visibilityState')
  Reflect.deleteProperty(document, 'hidden')
  document.dispatchEvent(new Event('visibilitychange'))
})()`

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The demo dashboard (Vite dev server) in headless Chromium, pointed at the soak's server. */
export class BrowserParticipant implements Participant {
  readonly kind = 'browser'
  readonly id = 'browser'
  private readonly sessionMonitor = new SessionMonitor('browser')
  private readonly pageErrors: string[] = []

  private constructor(
    private readonly demo: E2EDemo,
    private readonly browser: Browser,
    private readonly dashboard: DashboardPage,
  ) {
    dashboard.page.on('pageerror', (error) => this.pageErrors.push(`page error: ${error.message}`))
  }

  static async start(wsBase: string): Promise<BrowserParticipant> {
    const demo = await startDemo(wsBase)
    let browser: Browser | null = null
    try {
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
      })
      const query = new URLSearchParams(Object.entries(PAGE_QUERY).map(([key, value]) => [key, String(value)])).toString()
      const dashboard = await openPage(browser, `${demo.url}?${query}`)
      const participant = new BrowserParticipant(demo, browser, dashboard)
      const deadline = Date.now() + 60_000
      while (!(await dashboard.page.evaluate(PAGE_SCRIPT))) {
        if (Date.now() > deadline) throw new Error('the demo page never exposed window.__realtime')
        await sleep(200)
      }
      return participant
    } catch (error) {
      await browser?.close().catch(() => undefined)
      await demo.close().catch(() => undefined)
      throw error
    }
  }

  private call<T>(expression: string): Promise<T> {
    return this.dashboard.page.evaluate(expression) as Promise<T>
  }

  healthy(): Promise<boolean> {
    return this.call('window.__soak.healthy()')
  }

  healthySince(): Promise<number | null> {
    return this.call('window.__soak.since()')
  }

  connectedCount(): Promise<number> {
    return this.call('window.__soak.connected()')
  }

  feeds(): Promise<Record<FeedName, FeedState>> {
    return this.call('window.__soak.feeds()')
  }

  circuits(): Promise<CircuitCounts> {
    return this.call('window.__soak.circuits()')
  }

  metrics(): Promise<TransportMetrics> {
    return this.call('window.__soak.metrics()')
  }

  /** The page's JS heap after a GC (bytes), or null where Chromium does not tell. */
  heap(): Promise<number | null> {
    return this.call('window.__soak.heap()')
  }

  async monitor() {
    const events = await this.call<MonitorEvent[]>('window.__soak.drain()')
    for (const event of events) this.sessionMonitor.apply(event)
    return { counts: this.sessionMonitor.counts, violations: this.sessionMonitor.violations }
  }

  /** Markers go through the page's own log, so they stay in order with the page's messages. */
  private mark(event: MonitorEvent): Promise<void> {
    return this.call(`window.__soak.mark(${JSON.stringify(event)})`)
  }

  newEpoch(): Promise<void> {
    return this.mark({ k: 'epoch' })
  }

  silenced(feeds: readonly FeedName[]): Promise<void> {
    return this.mark({ k: 'silence', feeds: [...feeds] })
  }

  offline(on: boolean): Promise<void> {
    return this.dashboard.context.setOffline(on)
  }

  latency(feeds: readonly FeedName[], ms: number): Promise<void> {
    return this.call(`window.__soak.latency(${JSON.stringify(feeds)}, ${ms})`)
  }

  /** As tests/helpers/e2eBrowser.ts hidePage/showPage, as source text (tsx would add helpers to a function). */
  hidden(on: boolean): Promise<void> {
    return this.call(on ? HIDE_SCRIPT : SHOW_SCRIPT)
  }

  errors(): readonly string[] {
    return this.pageErrors
  }

  async close(): Promise<void> {
    const results = await Promise.allSettled([this.dashboard.close()])
    results.push(...(await Promise.allSettled([this.browser.close(), this.demo.close()])))
    const failed = results.find((result) => result.status === 'rejected')
    if (failed !== undefined) throw failed.reason
  }
}
