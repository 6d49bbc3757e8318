import { HEALTH_REFRESH_MS } from './defaults'
import { msUntilQualityChange } from './quality'
import type { Clock, EndpointHealth, Quality, QualityThresholds } from './types'

/**
 * Publishes an endpoint's health: at once on a change, at most once per HEALTH_REFRESH_MS when
 * only `lastMessageTime` moved (the last move included), and when quality decays with silence.
 */
export class HealthReporter {
  private lastEmit: { at: number; quality: Quality | null } = { at: Number.NEGATIVE_INFINITY, quality: null }
  private trailingTimer: unknown = null
  private qualityTimer: unknown = null

  constructor(
    private readonly clock: Clock,
    private readonly thresholds: QualityThresholds,
    private readonly read: () => EndpointHealth,
    private readonly publish: (health: EndpointHealth) => void,
  ) {}

  emit(): void {
    this.clearTrailing()
    const health = this.read()
    this.lastEmit = { at: this.clock.now(), quality: health.quality }
    this.publish(health)
  }

  /** A message just arrived (so quality is at its best for `connected`). */
  touch(now: number, quality: Quality): void {
    const wait = this.lastEmit.at + HEALTH_REFRESH_MS - now
    if (wait <= 0 || this.lastEmit.quality !== quality) return this.emit()
    if (this.trailingTimer === null) this.trailingTimer = this.clock.setTimeout(() => this.emit(), wait)
  }

  /** While open: one timer wakes at the next quality threshold of the last activity (`since()`). */
  watchQuality(since: () => number | null): void {
    const reference = since()
    if (reference === null) return
    const wait = msUntilQualityChange(this.thresholds, this.clock.now() - reference)
    if (wait === null) return
    this.qualityTimer = this.clock.setTimeout(() => {
      this.qualityTimer = null
      if (this.read().quality !== this.lastEmit.quality) this.emit()
      this.watchQuality(since)
    }, wait)
  }

  stop(): void {
    this.clearTrailing()
    if (this.qualityTimer !== null) this.clock.clearTimeout(this.qualityTimer)
    this.qualityTimer = null
  }

  private clearTrailing(): void {
    if (this.trailingTimer !== null) this.clock.clearTimeout(this.trailingTimer)
    this.trailingTimer = null
  }
}
