import type { TransportMetrics } from '../types'
import { Outbox, type Outgoing, type OutgoingCall } from './outbox'
import type { ChaosSnapshot, TabMessage } from './protocol'
import type { TabContext } from './tabContext'
import { Takeover } from './takeover'

/** A follower asks the leader for fresh metrics at most this often. */
const METRICS_REQUEST_MS = 250

export interface FollowerLinkParts {
  stealAfterMs: number
  outboxSize: number
  /** What `leaderChaos` is before the leader says. */
  chaos: ChaosSnapshot
  /** Takes the lock from the leader now. */
  steal(): void
  /** A new leader (or the first one) is known; `freeze`: a hand-off freezes health. */
  leaderChanged(next: string, reason: string, freeze: boolean): void
}

/**
 * A follower's link to the leader: which tab leads and whether its page is visible, the calls on
 * their way to it (kept until acknowledged, sent again to a new leader), its chaos state and
 * metrics as last heard, and the takeover when it is hidden while this tab is not.
 */
export class FollowerLink {
  /** The leader's chaos state, as last heard. */
  leaderChaos: ChaosSnapshot
  /** The leader's metrics, as last heard (null: not yet). */
  leaderMetrics: TransportMetrics | null = null
  private leaderVisible = true
  /** Joined, or stepped down, and the leader's state dump is not here yet: its relays are not for this tab. */
  private awaitingDump = false
  private metricsRequestedAt = Number.NEGATIVE_INFINITY
  private readonly outbox: Outbox
  private readonly takeover: Takeover

  constructor(
    private readonly tab: TabContext,
    private readonly parts: FollowerLinkParts,
  ) {
    this.leaderChaos = parts.chaos
    const { tabId, post, status } = tab
    this.outbox = new Outbox(parts.outboxSize, (item, to) => {
      if (item.kind === 'send') post({ kind: 'send', from: tabId, to, id: item.id, name: item.name, message: item.message })
      else post({ kind: 'chaos', from: tabId, to, id: item.id, command: item.command })
    })
    this.takeover = new Takeover(tab.clock, parts.stealAfterMs, {
      wanted: () => status.role === 'follower' && status.leaderId !== null && tab.ownVisible() && !this.leaderVisible,
      leaderPaused: () => tab.view.pausedWhileHidden(),
      steal: () => parts.steal(),
    })
  }

  /** A relay to act on: this tab follows, the sender is its leader, and its state dump arrived. */
  fromLeader(message: TabMessage): boolean {
    return this.tab.status.role === 'follower' && message.from === this.tab.status.leaderId && !this.awaitingDump
  }

  /** Queues a call for the leader (sent now when one is known); false when the outbox is full. */
  enqueue(call: OutgoingCall): boolean {
    return this.outbox.add(call, this.knownLeader())
  }

  acked(id: number): void {
    this.outbox.acked(id)
  }

  /** `fresh`: the leader just sent its current health (a state dump), so nothing is frozen. */
  acceptLeader(from: string, visible: boolean, fresh: boolean): void {
    this.tab.status.leaderId = from
    this.leaderVisible = visible
    this.awaitingDump = false
    this.takeover.leaderKnown()
    this.parts.leaderChanged(from, 'another tab took the lock', !fresh)
    const leader = this.knownLeader()
    if (leader !== null) this.outbox.resendTo(leader)
    this.takeover.consider()
    this.tab.status.changed()
  }

  leaderVisibility(visible: boolean): void {
    this.leaderVisible = visible
    this.takeover.consider()
  }

  /** This tab's visibility or the leader's health changed. */
  considerTakeover(): void {
    this.takeover.consider()
  }

  /** The leader said bye: no takeover waits for it. */
  leaderLeft(): void {
    this.takeover.cancel()
  }

  /** Until the leader's state dump arrives, its relays are ignored and calls wait in the outbox. */
  awaitDump(): void {
    this.awaitingDump = true
  }

  /** This tab leads now: no dump to wait for, nobody to steal from. */
  lead(): void {
    this.awaitingDump = false
    this.takeover.reset()
  }

  /** The calls still queued: this tab leads now and runs them itself. */
  takeQueued(): Outgoing[] {
    return this.outbox.takeAll()
  }

  /** The leader's metrics as last heard; asks it for fresh ones, at most every METRICS_REQUEST_MS. */
  metrics(): TransportMetrics | null {
    const now = this.tab.clock.now()
    if (this.tab.status.leaderId !== null && now - this.metricsRequestedAt >= METRICS_REQUEST_MS) {
      this.metricsRequestedAt = now
      this.tab.post({ kind: 'metrics-request', from: this.tab.tabId })
    }
    return this.leaderMetrics
  }

  /** This tab left the set. */
  stop(): void {
    this.takeover.reset()
    this.outbox.clear()
  }

  /** The leader this tab's calls go to: null while it leads, knows none, or waits for the state dump. */
  private knownLeader(): string | null {
    return this.tab.status.role === 'follower' && !this.awaitingDump ? this.tab.status.leaderId : null
  }
}
