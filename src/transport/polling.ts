import { parseFrame } from './frames'
import type { WireProtocol } from './protocol'
import type { Clock, FetchLike, Message } from './types'

export interface PollerHooks {
  onMessage(message: Message, size: number): void
  onError(message: string): void
}

/** Fetches an endpoint's snapshot every `intervalMs` while a circuit is open (SPEC §5 polling fallback). */
export class Poller {
  private timer: unknown = null
  private controller: AbortController | null = null
  private running = false

  constructor(
    private readonly clock: Clock,
    private readonly fetch: FetchLike,
    private readonly url: () => string,
    private readonly intervalMs: number,
    private readonly maxBytes: number,
    private readonly protocol: WireProtocol,
    private readonly hooks: PollerHooks,
  ) {}

  get active(): boolean {
    return this.running
  }

  start(): void {
    if (this.running) return
    this.running = true
    void this.poll()
  }

  stop(): void {
    this.running = false
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
    this.controller?.abort()
    this.controller = null
  }

  private async poll(): Promise<void> {
    const controller = new AbortController()
    this.controller = controller
    try {
      const response = await this.fetch(this.url(), { signal: controller.signal })
      const body = await response.text()
      if (controller.signal.aborted) return
      if (!response.ok) {
        this.hooks.onError(`poll failed: HTTP ${response.status}`)
      } else {
        const frame = parseFrame(body, this.maxBytes, this.protocol)
        if (frame.ok) this.hooks.onMessage(frame.message, frame.size)
        else this.hooks.onError(`poll: ${frame.error}`)
      }
    } catch (error) {
      if (!controller.signal.aborted) this.hooks.onError(`poll failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    if (controller.signal.aborted || !this.running) return
    this.controller = null
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      void this.poll()
    }, this.intervalMs)
  }
}
