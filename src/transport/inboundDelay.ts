import type { Clock } from './types'

/** Chaos latency: holds inbound frames for `ms`, in order, with one timer. */
export class InboundDelay {
  private readonly held: { releaseAt: number; data: unknown; deliver: (data: unknown) => void }[] = []
  private timer: unknown = null

  constructor(private readonly clock: Clock) {}

  /** Frames are still held: later ones must queue behind them to keep the order. */
  get holding(): boolean {
    return this.held.length > 0
  }

  push(data: unknown, delayMs: number, deliver: (data: unknown) => void): void {
    if (delayMs <= 0 && this.held.length === 0) return deliver(data)
    this.held.push({ releaseAt: this.clock.now() + Math.max(0, delayMs), data, deliver })
    if (this.timer === null) this.arm()
  }

  clear(): void {
    this.held.length = 0
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  private arm(): void {
    const head = this.held[0]
    if (head === undefined) return
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      const now = this.clock.now()
      while (this.held[0] !== undefined && this.held[0].releaseAt <= now) {
        const frame = this.held.shift()
        frame?.deliver(frame.data)
      }
      this.arm()
    }, Math.max(0, head.releaseAt - this.clock.now()))
  }
}
