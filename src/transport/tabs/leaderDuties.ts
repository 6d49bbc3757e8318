import type { Transition } from '../types'
import type { LockManagerLike } from './environment'
import type { OutgoingCall } from './outbox'
import { applyChaos, type ChaosCommand } from './protocol'
import type { SharedLifecycle } from './sharedLifecycle'
import type { TabContext } from './tabContext'
import { TabCheck } from './tabCheck'

/** The sweep of a roll-call runs this long after it, so every live tab had time to answer. */
const ROLL_CALL_ANSWER_MS = 3000

export interface LeaderDutiesParts {
  locks: LockManagerLike
  /** The set's lock (and channel) name. */
  lockName: string
  tabCheckMs: number
  /** Told when crashed tabs are swept: their visibility no longer counts. */
  shared: SharedLifecycle
}

/**
 * What this tab does while it leads: shows the real pool's messages, health and transitions here
 * and relays them to the other tabs, runs the calls they send, answers a new tab's hello with a
 * state dump, and keeps the tab count (from the lock queue when the lock manager can tell).
 */
export class LeaderDuties {
  /** While a chaos call runs: its transitions, relayed after it with the chaos state it left. */
  private collecting: Transition[] | null = null
  /** The lock queue's length when the lock manager can tell (exact), else the tabs known from their messages. */
  private lockedTabs: number | null = null
  private readonly tabCheck: TabCheck

  constructor(
    private readonly tab: TabContext,
    parts: LeaderDutiesParts,
  ) {
    const { inner, status, view, peers, tabId, post } = tab
    inner.onHealth((name, health) => {
      if (status.role !== 'leader') return
      view.setHealth(name, health)
      post({ kind: 'health', from: tabId, name, health })
    })
    inner.onTransition((transition) => {
      if (status.role !== 'leader') return
      view.emitTransition(transition)
      if (this.collecting !== null) this.collecting.push(transition)
      else post({ kind: 'transition', from: tabId, transition })
    })
    for (const name of tab.names) {
      inner.subscribe(name, (message) => {
        if (status.role !== 'leader') return
        post({ kind: 'message', from: tabId, name, message })
        view.deliver(name, message)
      })
    }

    // Tabs that crashed never say bye: the leader compares the lock queue with the tabs it knows.
    this.tabCheck = new TabCheck(tab.clock, parts.tabCheckMs, ROLL_CALL_ANSWER_MS, {
      sweep: () => {
        if (!peers.sweep()) return
        this.countTabs()
        parts.shared.peersChanged()
      },
      requests: async () => {
        const snapshot = await parts.locks.query?.()
        if (snapshot === undefined) return null
        return [...(snapshot.held ?? []), ...(snapshot.pending ?? [])].filter((lock) => lock.name === parts.lockName).length
      },
      known: () => peers.count + 1,
      rollCall: () => {
        peers.rollCall()
        post({ kind: 'roll-call', from: tabId })
      },
      counted: (requests) => {
        this.lockedTabs = Math.max(1, requests)
        this.countTabs()
      },
    })
  }

  /** Just elected: the real pool opens its sockets (a failure is logged; this tab leads anyway). */
  openSockets(): void {
    try {
      void this.tab.inner.connect()
    } catch (error) {
      console.error('zustand-realtime: the leader tab could not start its connections', error)
    }
  }

  /** A call this tab queued while it followed. */
  run(call: OutgoingCall): void {
    if (call.kind === 'send') this.tab.inner.send(call.name, call.message)
    else this.runChaos(call.command)
  }

  /** Runs a chaos call on the real pool; its transitions are relayed with the chaos state after it. */
  runChaos(command: ChaosCommand): void {
    this.collecting = []
    try {
      applyChaos(this.tab.inner.chaos, command)
    } finally {
      const collected = this.collecting
      this.collecting = null
      const state = this.tab.inner.chaos.state()
      for (const transition of collected) this.tab.post({ kind: 'transition', from: this.tab.tabId, transition, chaos: state })
    }
  }

  /** Tells the other tabs (and the dev panel) when the count changed. */
  countTabs(): void {
    const { status } = this.tab
    const count = this.lockedTabs ?? this.tab.peers.count + 1
    if (count === status.tabs) return
    status.tabs = count
    this.tab.post({ kind: 'tabs', from: this.tab.tabId, count })
    status.changed()
  }

  /** A tab said hello: the lock queue is read again, and the tab gets the state dump. */
  answerHello(to: string, withReplay: boolean): void {
    const { inner, peers, view } = this.tab
    this.tabCheck.recount()
    this.tab.post({
      kind: 'state', from: this.tab.tabId, to, visible: this.tab.ownVisible(), tabs: peers.count + 1,
      health: view.shownHealth(), replay: withReplay ? view.replayEntries() : [], chaos: inner.chaos.state(), metrics: inner.metrics(),
    })
  }

  /** A tab said bye. */
  tabLeft(): void {
    this.countTabs()
    this.tabCheck.recount()
  }

  startTabCheck(): void {
    this.tabCheck.start()
  }

  /** No longer leading: the count goes back to the tabs known from their messages. */
  stopTabCheck(): void {
    this.tabCheck.stop()
    this.lockedTabs = null
  }
}
