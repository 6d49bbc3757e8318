import type { TabSharingState } from '../../transport/tabs/types'
import type { ChaosControls, ChaosState, EndpointHealth, Transition, TransportMetrics } from '../../transport/types'
import type { FrameLog } from './frameLog'

/** How worried the at-a-glance summary is: drives the toggle's colour. */
export type Severity = 'ok' | 'warn' | 'error'

export interface EndpointView {
  name: string
  health: EndpointHealth
  chaos: ChaosState
  /** Human labels of the chaos switched on for this endpoint (empty when none). */
  activeChaos: readonly string[]
  /** Heartbeat round trips, oldest first (one point per new reading). */
  rtt: readonly number[]
  /** Messages per second over the last sample, or null before two samples exist. */
  messagesPerSecond: number | null
  /** Frames this socket carried for other endpoints (last sample): the server sends every type on every socket. */
  foreignFrames: number
}

export interface PanelSummary {
  total: number
  connected: number
  openCircuits: number
  halfOpenCircuits: number
  polling: number
  paused: number
  failed: number
  /** Connected, but the latest frame could not be applied. */
  dataErrors: number
  /** Endpoints with chaos switched on, plus one when the pool is forced offline. */
  chaos: number
  offline: boolean
  severity: Severity
  /** "7/8 connected, 1 open circuit" */
  text: string
}

export interface DevPanelSnapshot {
  /** The model's clock at the last change or sample: countdowns are computed against it. */
  now: number
  sampling: boolean
  endpoints: readonly EndpointView[]
  summary: PanelSummary
  /** The last transitions, oldest first. */
  transitions: readonly Transition[]
  /** Pool metrics from the last sample (null until sampling ran once). */
  metrics: TransportMetrics | null
  /** The chaos `offline` switch. */
  offline: boolean
  /** This tab's role in a connection set shared across tabs, or null when the store runs sockets of its own. */
  sharing: TabSharingState | null
}

export interface DevPanelModelOptions {
  /** Transitions kept for the timeline (default 200). */
  timelineLimit?: number
  /** RTT points kept per endpoint (default 30). */
  rttPoints?: number
  /** Metrics sampling period while sampling is on (default 1000 ms). */
  sampleMs?: number
  now?: () => number
}

export interface DevPanelModel {
  subscribe(listener: () => void): () => void
  getSnapshot(): DevPanelSnapshot
  /**
   * Samples metrics (and the clock for countdowns) every `sampleMs` until every caller has
   * called the returned stop function: hold it while a panel is open.
   */
  startSampling(): () => void
  /** The pool's chaos controls; each call refreshes the snapshot at once. */
  readonly chaos: ChaosControls
  /** The last frames of every endpoint, with what became of each (the frame inspector). */
  readonly frames: FrameLog
  /** The timeline (of one endpoint, or all) as pretty JSON. */
  exportTimeline(endpoint?: string | null): string
  /** Removes every listener and timer. Idempotent. */
  dispose(): void
}
