import type { FeedName } from '../src/store/dashboard/feeds'
import type { TransportMetrics } from '../src/transport/types'
import type { MonitorCounts } from './sessionMonitor'

/** One feed as a client's store holds it. */
export interface FeedState {
  seq: number
  data: unknown
}

export interface CircuitCounts {
  opened: number
  reopened: number
  recovered: number
}

/** A client of the soak: a Node dashboard store or the demo page in Chromium. */
export interface Participant {
  readonly id: string
  readonly kind: 'node' | 'browser'
  /** All 8 feeds connected, circuits closed, no polling fallback, not paused. */
  healthy(): Promise<boolean>
  /** When it last became healthy (ms since the epoch), or null while it is not. */
  healthySince(): Promise<number | null>
  /** How many of its feeds have an open socket. */
  connectedCount(): Promise<number>
  feeds(): Promise<Record<FeedName, FeedState>>
  metrics(): Promise<TransportMetrics>
  /** Feeds the monitor what it has seen since the last call; returns its counts and violations so far. */
  monitor(): Promise<{ counts: MonitorCounts; violations: readonly string[] }>
  /** The server restarted: seq counts from 0 again. */
  newEpoch(): Promise<void>
  /** The server discards frames of these feeds (for excused gaps); [] when it stopped. */
  silenced(feeds: readonly FeedName[]): Promise<void>
  offline(on: boolean): Promise<void>
  latency(feeds: readonly FeedName[], ms: number): Promise<void>
  /** Browser only: flips document visibility (no-op for Node clients). */
  hidden(on: boolean): Promise<void>
  /** Circuit episodes seen: opened (from closed), re-opened (a half-open probe failed), recovered (half-open → closed). */
  circuits(): Promise<CircuitCounts>
  /** Uncaught errors and unhandled rejections seen in its runtime (page errors for the browser). */
  errors(): readonly string[]
  close(): Promise<void>
}
