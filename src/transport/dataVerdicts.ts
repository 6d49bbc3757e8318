import type { EndpointMetricsRecorder } from './metrics'
import type { DataError } from './types'

/**
 * Whether an endpoint's latest frame could be applied (`dataError`). The app (the store) reports
 * what it could not apply; the transport reports what it could not read. An app rejection lasts
 * until the app accepts a frame; a transport one until the next frame that parses.
 */
export class DataVerdicts {
  private error: DataError | null = null
  private byApp = false

  constructor(private readonly metrics: EndpointMetricsRecorder) {}

  get current(): DataError | null {
    return this.error
  }

  /** The app could not apply a frame. Returns true when this starts a data error (health must be emitted at once). */
  rejected(reason: string, at: number): boolean {
    this.metrics.messagesRejected++
    this.byApp = true
    return this.record(reason, at)
  }

  /** The transport could not read a frame (already counted as dropped). */
  unreadable(reason: string, at: number): boolean {
    return this.record(reason, at)
  }

  /** The app applied a frame. Returns true when that ended a data error. */
  accepted(): boolean {
    if (this.error === null) return false
    this.error = null
    this.byApp = false
    return true
  }

  /** A frame parsed: ends a data error only the transport had seen. */
  readable(): boolean {
    return this.byApp ? false : this.accepted()
  }

  private record(reason: string, at: number): boolean {
    const started = this.error === null
    this.error = { message: reason, at, count: (this.error?.count ?? 0) + 1 }
    return started
  }
}
