import { LOCK_SCRIPT, UNLOCK_SCRIPT } from './scripts'

export interface LockClient {
  readonly isReady: boolean
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
}

/**
 * One instance of the cluster runs the world generator: the holder of a Redis key with an expiry,
 * renewed every ttl/3. A killed holder's key runs out and another instance takes over within ttl.
 */
export class GeneratorLock {
  private timer: NodeJS.Timeout | null = null
  private heldUntil = 0
  private stopped = false

  constructor(
    private readonly client: LockClient,
    private readonly key: string,
    private readonly owner: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while our lease is known to be current (a lost Redis means we stop at once, before the key runs out). */
  held(): boolean {
    return this.client.isReady && this.now() < this.heldUntil
  }

  start(): Promise<void> {
    this.stopped = false
    this.timer ??= setInterval(() => void this.renew(), Math.max(50, Math.floor(this.ttlMs / 3)))
    return this.renew()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    const wasHeld = this.held()
    this.heldUntil = 0
    if (wasHeld) await this.client.eval(UNLOCK_SCRIPT, { keys: [this.key], arguments: [this.owner] }).catch(() => undefined)
  }

  private async renew(): Promise<void> {
    if (!this.client.isReady) return
    const askedAt = this.now()
    try {
      const reply = await this.client.eval(LOCK_SCRIPT, { keys: [this.key], arguments: [this.owner, String(this.ttlMs)] })
      if (!this.stopped) this.heldUntil = reply === 1 ? askedAt + this.ttlMs : 0
    } catch {
      this.heldUntil = 0
    }
  }
}
