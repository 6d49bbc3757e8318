import { parseFrame } from './frames'
import type { WireProtocol } from './protocol'
import { parseRetryAfter } from './pollSchedule'
import type { Clock, FetchLike, Message } from './types'

export interface PollerHooks {
  onMessage(message: Message, size: number): void
  onError(message: string): void
}

/** What one poll tells about its host. */
export type PollOutcome =
  /** A snapshot arrived and was delivered. */
  | { kind: 'ok' }
  /** 429, or a 5xx (503 from the app, 502/504 from a proxy in front of a dead backend): wait, at least `retryAfterMs`. */
  | { kind: 'unavailable'; retryAfterMs: number | null }
  /** No HTTP answer at all (refused, reset, DNS…). */
  | { kind: 'unreachable' }
  /** The host answered, but not with a snapshot we can use (4xx, bad body). */
  | { kind: 'failed' }

/** Who decides when an endpoint polls: the shared poll recovery of its host (`pollRecovery.ts`). */
export interface PollCoordinator {
  join(poller: Poller): void
  leave(poller: Poller): void
}

export interface PollerSettings {
  name: string
  priority: number
  order: number
  url: () => string
  intervalMs: number
  maxBytes: number
  /** How the snapshot's text parses (the endpoint's wire protocol). */
  protocol: WireProtocol
}

/**
 * One endpoint's polling fallback (SPEC §5) while its circuit is open: it knows how to fetch the
 * snapshot and holds its one wake-up timer; *when* it polls is decided by its host's poll recovery.
 */
export class Poller {
  private timer: unknown = null
  private controller: AbortController | null = null
  private running = false

  constructor(
    private readonly settings: PollerSettings,
    /** The endpoint's host key (the socket's scheme + host + port): polls of one host share one economy. */
    readonly host: () => string,
    private readonly clock: Clock,
    private readonly fetch: FetchLike,
    private readonly coordinator: PollCoordinator,
    private readonly hooks: PollerHooks,
  ) {}

  get name(): string { return this.settings.name }
  get priority(): number { return this.settings.priority }
  get order(): number { return this.settings.order }
  get intervalMs(): number { return this.settings.intervalMs }

  get active(): boolean {
    return this.running
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.coordinator.join(this)
  }

  stop(): void {
    this.cancelWake()
    this.controller?.abort()
    this.controller = null
    if (!this.running) return
    this.running = false
    this.coordinator.leave(this)
  }

  /** Runs `fn` in `delayMs`, replacing an earlier wake-up. */
  wakeIn(delayMs: number, fn: () => void): void {
    this.cancelWake()
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      fn()
    }, Math.max(0, delayMs))
  }

  cancelWake(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  /** One GET of the snapshot; resolves with what it says about the host, or null if stopped meanwhile. */
  async request(): Promise<PollOutcome | null> {
    const controller = new AbortController()
    this.controller = controller
    try {
      const response = await this.fetch(this.settings.url(), { signal: controller.signal })
      const body = await response.text()
      if (controller.signal.aborted || !this.running) return null
      if (response.ok) {
        const frame = parseFrame(body, this.settings.maxBytes, this.settings.protocol)
        if (frame.ok) {
          this.hooks.onMessage(frame.message, frame.size)
          return { kind: 'ok' }
        }
        this.hooks.onError(`poll: ${frame.error}`)
        return { kind: 'failed' }
      }
      if (response.status === 429 || response.status >= 500) {
        const retryAfterMs = parseRetryAfter(response.headers?.get('retry-after'), this.clock.now())
        const asked = retryAfterMs === null ? '' : ` (the server asked to retry after ${Math.ceil(retryAfterMs / 1000)} s)`
        this.hooks.onError(`poll failed: HTTP ${response.status}${asked}`)
        return { kind: 'unavailable', retryAfterMs }
      }
      this.hooks.onError(`poll failed: HTTP ${response.status}`)
      return { kind: 'failed' }
    } catch (error) {
      if (controller.signal.aborted || !this.running) return null
      this.hooks.onError(`poll failed: ${error instanceof Error ? error.message : String(error)}`)
      return { kind: 'unreachable' }
    } finally {
      if (this.controller === controller) this.controller = null
    }
  }
}
