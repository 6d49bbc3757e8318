import { parseFrame } from './frames'
import type { PollerHooks } from './polling'
import type { Clock, FetchLike } from './types'

/**
 * For backends that send no snapshot on connect: once a socket is open, waits `timeoutMs` for data of
 * the endpoint; if none came, GETs one snapshot from the poll URL. One timer and one request at most,
 * both cancelled by `stop()` (socket gone, pool disconnected).
 */
export class SnapshotLoader {
  private timer: unknown = null
  private controller: AbortController | null = null
  private waiting = false

  constructor(
    private readonly clock: Clock,
    private readonly fetch: FetchLike,
    private readonly url: () => string,
    private readonly timeoutMs: number,
    private readonly maxBytes: number,
    private readonly hooks: PollerHooks,
  ) {}

  /** A socket just opened. */
  arm(): void {
    this.stop()
    this.waiting = true
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      void this.load()
    }, this.timeoutMs)
  }

  /** Data of this endpoint arrived: no need to fetch. */
  satisfied(): void {
    if (!this.waiting) return
    this.waiting = false
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  stop(): void {
    this.satisfied()
    this.controller?.abort()
    this.controller = null
  }

  private async load(): Promise<void> {
    const controller = new AbortController()
    this.controller = controller
    try {
      const response = await this.fetch(this.url(), { signal: controller.signal })
      const body = await response.text()
      if (controller.signal.aborted || !this.waiting) return
      this.waiting = false
      if (!response.ok) return this.hooks.onError(`no snapshot on connect, and the snapshot GET failed: HTTP ${response.status}`)
      const frame = parseFrame(body, this.maxBytes)
      if (frame.ok) this.hooks.onMessage(frame.message, frame.size)
      else this.hooks.onError(`no snapshot on connect, and the snapshot GET returned bad data: ${frame.error}`)
    } catch (error) {
      if (controller.signal.aborted || !this.waiting) return
      this.waiting = false
      this.hooks.onError(`no snapshot on connect, and the snapshot GET failed: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      if (this.controller === controller) this.controller = null
    }
  }
}
