import { firstInLine } from './hostRecovery'
import type { PollCoordinator, Poller, PollOutcome } from './polling'
import { pollIntervalDelay, pollRetryDelay, pollSpreadDelay } from './pollSchedule'
import type { Clock } from './types'

export interface PollRecoveryHooks {
  /** A poll of `host` answered after its polls had failed (or before any had): proof that the host is back. */
  hostBack(host: string): void
}

/** The polls of one host during an outage. */
interface HostPolls {
  readonly key: string
  readonly members: Set<Poller>
  /** Its last poll answered: every endpoint polls on its own interval. Until then one probe at a time. */
  reachable: boolean
  /** Failed poll probes in a row (drives the backoff). */
  failures: number
  /** The next poll probe while the host is down, and when it is due. */
  probeTimer: unknown
  probeDueAt: number
  /** The poll probe in flight. */
  prober: Poller | null
  /** When the last poll of this host started (no two polls of a host closer than `minGapMs`). */
  lastPollAt: number
  /**
   * Proofs passed on since the host answered, and when the next may go: while polls answer but the
   * sockets' early probes fail (HTTP up, WebSocket refused), the probes back off like polls do.
   */
  proofs: number
  nextProofAt: number
}

/**
 * Shared recovery for polls, per host — the same economy as the sockets': while a host is down,
 * one poll probe at a time for all its endpoints (the first in line asks), backing off with jitter
 * on failure and honouring `Retry-After`; the others wait. Once a poll answers, each endpoint polls
 * at its own interval with its own jitter, and no two polls of a host start within `minGapMs`.
 */
export class PollRecovery implements PollCoordinator {
  private readonly hosts = new Map<string, HostPolls>()
  private readonly hostOf = new Map<Poller, HostPolls>()

  constructor(
    private readonly clock: Clock,
    private readonly random: () => number,
    private readonly minGapMs: number,
    private readonly hooks: PollRecoveryHooks,
  ) {}

  join(poller: Poller): void {
    const key = poller.host()
    let host = this.hosts.get(key)
    if (host === undefined) {
      host = { key, members: new Set(), reachable: false, failures: 0, probeTimer: null, probeDueAt: 0, prober: null, lastPollAt: Number.NEGATIVE_INFINITY, proofs: 0, nextProofAt: 0 }
      this.hosts.set(key, host)
    }
    host.members.add(poller)
    this.hostOf.set(poller, host)
    if (host.reachable) this.pollLater(host, poller, pollSpreadDelay(poller.intervalMs, this.random))
    else if (host.prober === null && host.probeTimer === null) this.probe(host)
  }

  leave(poller: Poller): void {
    const host = this.hostOf.get(poller)
    if (host === undefined) return
    this.hostOf.delete(poller)
    host.members.delete(poller)
    if (host.members.size === 0) {
      // Every endpoint is back on its socket (or stopped): the next outage starts afresh.
      this.clearProbeTimer(host)
      host.prober = null
      this.hosts.delete(host.key)
      return
    }
    if (host.prober === poller) {
      host.prober = null
      if (!host.reachable && host.probeTimer === null) this.probeIn(host, pollRetryDelay(poller.intervalMs, host.failures, this.random))
    }
  }

  /**
   * A socket probe of `host` started: it takes the place of the next poll probe (one probe per host
   * at a time), which moves one backoff step later — never earlier than a `Retry-After` put it.
   */
  socketProbe(key: string): void {
    const host = this.hosts.get(key)
    if (host === undefined || host.reachable || host.probeTimer === null) return
    const interval = firstInLine([...host.members])?.intervalMs ?? 0
    const delay = pollRetryDelay(interval, host.failures, this.random)
    if (this.clock.now() + delay > host.probeDueAt) this.probeIn(host, delay)
  }

  /** Stops every host timer (the pollers' own timers are stopped with them). */
  clear(): void {
    for (const host of this.hosts.values()) this.clearProbeTimer(host)
    this.hosts.clear()
    this.hostOf.clear()
  }

  /** While the host is down: the first endpoint in line polls for all of them. */
  private probe(host: HostPolls): void {
    this.clearProbeTimer(host)
    const poller = firstInLine([...host.members])
    if (poller === undefined) return
    const wait = host.lastPollAt + this.minGapMs - this.clock.now()
    if (wait > 0) return this.probeIn(host, wait)
    host.prober = poller
    host.lastPollAt = this.clock.now()
    void poller.request().then((outcome) => {
      if (host.prober !== poller) return
      host.prober = null
      if (outcome !== null) this.settle(host, poller, outcome)
    })
  }

  /** While the host answers: `poller` polls on its own schedule. */
  private pollLater(host: HostPolls, poller: Poller, delayMs: number): void {
    poller.wakeIn(delayMs, () => {
      const wait = host.lastPollAt + this.minGapMs - this.clock.now()
      if (wait > 0) return this.pollLater(host, poller, wait)
      host.lastPollAt = this.clock.now()
      void poller.request().then((outcome) => {
        if (outcome !== null && this.hostOf.get(poller) === host) this.settle(host, poller, outcome)
      })
    })
  }

  private settle(host: HostPolls, poller: Poller, outcome: PollOutcome): void {
    if (outcome.kind === 'ok') {
      const wasReachable = host.reachable
      host.reachable = true
      host.failures = 0
      this.clearProbeTimer(host)
      this.pollLater(host, poller, pollIntervalDelay(poller.intervalMs, this.random))
      const now = this.clock.now()
      if (!wasReachable) {
        host.proofs = 0
        for (const member of host.members) if (member !== poller) this.pollLater(host, member, pollSpreadDelay(member.intervalMs, this.random))
      } else if (now < host.nextProofAt) {
        return
      }
      host.proofs += 1
      host.nextProofAt = now + pollRetryDelay(poller.intervalMs, host.proofs, this.random)
      this.hooks.hostBack(host.key)
      return
    }
    // The host answered, only this endpoint's poll is unusable: it keeps its own interval.
    if (outcome.kind === 'failed' && host.reachable) return this.pollLater(host, poller, pollIntervalDelay(poller.intervalMs, this.random))
    host.failures += 1
    if (host.reachable) {
      host.reachable = false
      for (const member of host.members) member.cancelWake()
    }
    const retryAfterMs = outcome.kind === 'unavailable' ? (outcome.retryAfterMs ?? 0) : 0
    this.probeIn(host, Math.max(pollRetryDelay(poller.intervalMs, host.failures, this.random), retryAfterMs))
  }

  private probeIn(host: HostPolls, delayMs: number): void {
    this.clearProbeTimer(host)
    host.probeDueAt = this.clock.now() + Math.max(0, delayMs)
    host.probeTimer = this.clock.setTimeout(() => {
      host.probeTimer = null
      this.probe(host)
    }, Math.max(0, delayMs))
  }

  private clearProbeTimer(host: HostPolls): void {
    if (host.probeTimer !== null) this.clock.clearTimeout(host.probeTimer)
    host.probeTimer = null
  }
}
