import { reportMetrics, type MetricsReporter } from '../src/reporter'
import { createDashboardStore, type DashboardStore } from '../src/store/createDashboardStore'
import { DASHBOARD_FEEDS, FEED_NAMES, type FeedName } from '../src/store/dashboard/feeds'
import type { DashboardState } from '../src/store/dashboard/state'
import type { AttemptLedger } from './attempts'
import { NODE_CLIENT_PROFILE } from './config'
import type { CircuitCounts, FeedState, Participant } from './participant'
import { SessionMonitor } from './sessionMonitor'

const isHealthy = (state: DashboardState): boolean =>
  FEED_NAMES.every((feed) => {
    const health = state.connections[feed]
    return health !== undefined && health.status === 'connected' && health.circuitState === 'closed' && health.fallback === 'none' && health.paused === false
  })

/** A Node dashboard store (all 8 feeds) on `ws`, watched for recovery and for lost/stale updates. */
export class NodeParticipant implements Participant {
  readonly kind = 'node'
  readonly id: string
  readonly store: DashboardStore
  private readonly sessionMonitor: SessionMonitor
  private since: number | null = null
  private readonly circuitCounts: CircuitCounts = { opened: 0, reopened: 0, recovered: 0 }
  private readonly unsubscribe: (() => void)[] = []
  private readonly reporter: MetricsReporter | null

  /** `reportUrl`: the collector its reporter sends to every 5 s (null: it does not report). */
  constructor(index: number, wsBase: string, ledger: AttemptLedger, reportUrl: string | null = null) {
    this.id = `node-${index}`
    this.sessionMonitor = new SessionMonitor(this.id)
    this.store = createDashboardStore(wsBase, {
      ...NODE_CLIENT_PROFILE,
      WebSocket: ledger.webSocketFor(index),
      fetch: ledger.fetchFor(index),
      lifecycle: null,
      batch: 'microtask',
      devtools: { enabled: false },
    })
    const { transport } = this.store
    this.reporter = reportUrl === null ? null : reportMetrics(this.store, { url: reportUrl, intervalMs: 5000, environment: null, clientId: this.id, labels: { soak: 'node' } })
    this.unsubscribe.push(
      this.store.subscribe((state, previous) => {
        if (state.connections !== previous.connections) this.track(state)
      }),
      transport.onTransition((transition) => {
        if (transition.kind === 'state' && transition.to === 'connected') this.sessionMonitor.apply({ k: 's', f: transition.name })
        if (transition.kind === 'circuit') this.countCircuit(transition.from, transition.to)
      }),
      ...FEED_NAMES.map((feed) =>
        transport.subscribe(feed, (message) => {
          this.sessionMonitor.apply({ k: 'm', f: feed, seq: message.seq, live: transport.health(feed).status === 'connected' })
        }),
      ),
    )
  }

  async connect(): Promise<void> {
    await this.store.transport.connect()
  }

  private countCircuit(from: string, to: string): void {
    if (from === 'circuit closed' && to === 'circuit open') this.circuitCounts.opened += 1
    else if (from === 'circuit half-open' && to === 'circuit open') this.circuitCounts.reopened += 1
    else if (from === 'circuit half-open' && to === 'circuit closed') this.circuitCounts.recovered += 1
  }

  circuits(): Promise<CircuitCounts> {
    return Promise.resolve({ ...this.circuitCounts })
  }

  private track(state: DashboardState): void {
    const healthy = isHealthy(state)
    if (healthy && this.since === null) this.since = Date.now()
    else if (!healthy) this.since = null
  }

  healthy(): Promise<boolean> {
    return Promise.resolve(isHealthy(this.store.getState()))
  }

  healthySince(): Promise<number | null> {
    return Promise.resolve(this.since)
  }

  connectedCount(): Promise<number> {
    const health = this.store.transport.healthAll()
    return Promise.resolve(FEED_NAMES.filter((feed) => health[feed]?.status === 'connected').length)
  }

  feeds(): Promise<Record<FeedName, FeedState>> {
    const state = this.store.getState()
    const entries = DASHBOARD_FEEDS.map((feed) => [feed.name, { seq: state.seq[feed.name], data: state[feed.key] }] as const)
    return Promise.resolve(Object.fromEntries(entries) as Record<FeedName, FeedState>)
  }

  metrics() {
    return Promise.resolve(this.store.transport.metrics())
  }

  monitor() {
    return Promise.resolve({ counts: this.sessionMonitor.counts, violations: this.sessionMonitor.violations })
  }

  newEpoch(): Promise<void> {
    this.sessionMonitor.apply({ k: 'epoch' })
    return Promise.resolve()
  }

  silenced(feeds: readonly FeedName[]): Promise<void> {
    this.sessionMonitor.apply({ k: 'silence', feeds: [...feeds] })
    return Promise.resolve()
  }

  offline(on: boolean): Promise<void> {
    this.store.transport.chaos.offline(on)
    return Promise.resolve()
  }

  latency(feeds: readonly FeedName[], ms: number): Promise<void> {
    for (const feed of feeds) this.store.transport.chaos.latency(feed, ms)
    return Promise.resolve()
  }

  hidden(): Promise<void> {
    return Promise.resolve()
  }

  /** Node clients share the soak process: its uncaught errors are counted once, by the orchestrator. */
  errors(): readonly string[] {
    return []
  }

  /** Stops the transport (its counters stop moving), then sends one final report; resolves with whether the collector took it. */
  async stopAndReport(): Promise<boolean> {
    this.store.transport.disconnect()
    return (await this.reporter?.flush({ final: true })) ?? false
  }

  close(): Promise<void> {
    this.reporter?.stop()
    for (const stop of this.unsubscribe.splice(0)) stop()
    this.store.transport.disconnect()
    return Promise.resolve()
  }
}
