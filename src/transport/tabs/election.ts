import type { LockManagerLike } from './environment'

export interface ElectionHooks {
  /** This participant holds the lock now. */
  elected(): void
  /** Another participant stole the lock: stop leading at once. */
  deposed(): void
  /** Asked when the lock is granted: true hands it on (a visible tab is waiting and this one is hidden). */
  shouldPass(): boolean
}

/** A hidden tab passes the lock on at most this many times in a row, then leads anyway. */
const MAX_PASSES = 3

type ElectionState =
  | { kind: 'idle' }
  | { kind: 'waiting'; abort: AbortController | null }
  | { kind: 'leader'; release: () => void }

/**
 * Leader election over one Web Lock: the leader holds `lockName` (exclusive) for as long as it
 * leads; every other participant has a request queued behind it, so the browser grants the lock
 * to the next one the moment the leader's page closes, crashes or navigates away. A generation
 * counter makes the callbacks of an abandoned request do nothing.
 */
export class LeaderElection {
  private state: ElectionState = { kind: 'idle' }
  private generation = 0
  private passes = 0

  constructor(
    private readonly locks: LockManagerLike,
    private readonly lockName: string,
    private readonly hooks: ElectionHooks,
  ) {}

  get isLeader(): boolean {
    return this.state.kind === 'leader'
  }

  /** Queues a request for the lock (does nothing while already waiting or leading). */
  start(): void {
    if (this.state.kind !== 'idle') return
    this.request(false)
  }

  /** Takes the lock from its holder now: for a visible tab while the leader is hidden. */
  steal(): void {
    if (this.state.kind === 'leader') return
    this.abandon()
    this.request(true)
  }

  /** Leaves the election: aborts a queued request or releases the held lock. Idempotent. */
  stop(): void {
    this.abandon()
  }

  private abandon(): void {
    const state = this.state
    this.state = { kind: 'idle' }
    this.generation += 1
    if (state.kind === 'waiting') state.abort?.abort()
    if (state.kind === 'leader') state.release()
  }

  private request(steal: boolean): void {
    const generation = ++this.generation
    const abort = steal ? null : new AbortController()
    this.state = { kind: 'waiting', abort }
    const options = abort === null ? { mode: 'exclusive' as const, steal: true } : { mode: 'exclusive' as const, signal: abort.signal }
    let passed = false
    this.locks.request(this.lockName, options, () => {
      if (generation !== this.generation) return Promise.resolve()
      if (this.passes < MAX_PASSES && this.hooks.shouldPass()) {
        this.passes += 1
        passed = true
        return Promise.resolve()
      }
      this.passes = 0
      return new Promise<void>((release) => {
        this.state = { kind: 'leader', release }
        this.hooks.elected()
      })
    }).then(
      () => {
        // Released: by `stop()` (generation moved on), or passed on to the next in the queue.
        if (passed && generation === this.generation) this.request(false)
      },
      () => {
        // Rejected: our own abort (generation moved on), or the lock was stolen from us while leading.
        if (generation !== this.generation) return
        const wasLeader = this.state.kind === 'leader'
        if (this.state.kind === 'leader') this.state.release()
        this.state = { kind: 'idle' }
        // Back in the queue (a steal that failed falls back to waiting its turn) before the hook runs,
        // so a hook that leaves the election (`stop()`) also cancels this request.
        if (wasLeader || steal) this.request(false)
        if (wasLeader) this.hooks.deposed()
      },
    )
  }
}
