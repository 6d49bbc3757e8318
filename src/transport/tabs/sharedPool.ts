import type { Clock, ConnectionPool, PageLifecycle } from '../types'
import { LeaderElection } from './election'
import type { ChannelConstructor, ChannelLike, LockManagerLike, PageExit } from './environment'
import { FollowerLink } from './followerLink'
import { LeaderDuties } from './leaderDuties'
import { LocalView } from './localView'
import { Peers } from './peers'
import { sharedPoolFacade } from './poolFacade'
import { PostBatcher } from './postBatcher'
import { openEnvelope, type TabMessage } from './protocol'
import { registerTabSharing } from './registry'
import { SharedLifecycle } from './sharedLifecycle'
import { SharingStatus } from './sharingStatus'
import type { TabContext } from './tabContext'
import { tabMessageHandler } from './tabMessageHandler'
import { handoffTransition } from './timeline'

export interface TabSharedPoolParts {
  /** Builds the real pool this tab runs while it leads; it must use the lifecycle it is given. */
  createPool(lifecycle: PageLifecycle): ConnectionPool
  channel: string
  locks: LockManagerLike
  BroadcastChannel: ChannelConstructor
  /** This tab's own visibility and network (null: always visible and online, as in Node). */
  lifecycle: PageLifecycle | null
  pageExit: PageExit | null
  clock: Clock
  tabId: string
  stealAfterMs: number
  tabCheckMs: number
  replayTypesPerEndpoint: number
  outboxSize: number
}

/**
 * One connection set for every tab of a browser: a `ConnectionPool` whose tab either leads (runs
 * the real pool, relays its messages, health and transitions over a BroadcastChannel) or follows
 * (delivers what the leader relays, sends and chaos go to the leader). The store and the dev panel
 * use it like any pool; which role the tab has can change at any moment (see README "Tabs").
 *
 * Here: the parts, and the moves between roles (join, elected, step down, leave). The leader's work
 * is in LeaderDuties, the follower's in FollowerLink, the protocol in tabMessageHandler.
 */
export function createTabSharedPool(parts: TabSharedPoolParts): ConnectionPool {
  const { clock, tabId } = parts
  const peers = new Peers(() => clock.now())
  const shared = new SharedLifecycle(parts.lifecycle, () => peers.anyVisible())
  const inner = parts.createPool(shared.lifecycle)
  const names = new Set(inner.endpoints)
  const view = new LocalView(names, inner, parts.replayTypesPerEndpoint)
  const status = new SharingStatus(tabId, parts.channel)

  let running = false
  let channel: ChannelLike | null = null
  let stopVisibility: (() => void) | null = null
  let stopPageExit: (() => void) | null = null

  const batcher = new PostBatcher(() => channel)
  const post = (body: TabMessage): void => batcher.post(body)
  const ownVisible = (): boolean => !(parts.lifecycle?.isHidden() ?? false)
  const tab: TabContext = { tabId, clock, inner, names, status, view, peers, post, ownVisible }

  /** A new leader (or the first one) is known: the timeline says so, and a real hand-off freezes health. */
  const leaderChanged = (next: string, reason: string, freeze: boolean): void => {
    const change = status.recordLeader(next)
    if (change === null) return
    if (change.previous !== null && freeze) view.freezeForHandoff()
    view.emitTransition(handoffTransition(change.previous, next, tabId, reason, clock.now()))
  }

  const follower = new FollowerLink(tab, {
    stealAfterMs: parts.stealAfterMs,
    outboxSize: parts.outboxSize,
    chaos: inner.chaos.state(),
    steal: () => election.steal(),
    leaderChanged,
  })
  const leader = new LeaderDuties(tab, { locks: parts.locks, lockName: parts.channel, tabCheckMs: parts.tabCheckMs, shared })

  const elected = (): void => {
    status.role = 'leader'
    status.leaderId = tabId
    follower.lead()
    post({ kind: 'leader', from: tabId, visible: ownVisible() })
    leaderChanged(tabId, 'this tab took the lock', false)
    leader.openSockets()
    for (const call of follower.takeQueued()) leader.run(call)
    leader.countTabs()
    leader.startTabCheck()
    status.changed()
  }

  /** Stops leading (the lock was stolen, or another tab announced itself): sockets close, health freezes. */
  const stepDown = (): void => {
    if (status.role !== 'leader') return
    status.role = 'follower'
    if (status.leaderId === tabId) status.leaderId = null
    post({ kind: 'resign', from: tabId })
    leader.stopTabCheck()
    inner.disconnect()
    view.freezeForHandoff()
    // The thief may have announced itself while this tab still led (and ignored it): ask for its state.
    follower.awaitDump()
    post({ kind: 'hello', from: tabId, visible: ownVisible(), replay: false })
    status.changed()
  }

  const election = new LeaderElection(parts.locks, parts.channel, {
    elected,
    deposed: stepDown,
    shouldPass: () => !ownVisible() && peers.anyVisible(),
  })

  const receive = tabMessageHandler(tab, { shared, leader, follower })
  const onChannelMessage = (event: MessageEvent): void => {
    for (const message of openEnvelope(event.data)) {
      if (message.from === tabId || !running) continue
      if ('to' in message && message.to !== tabId) continue
      receive(message)
    }
  }

  const onOwnVisibility = (): void => {
    post({ kind: 'presence', from: tabId, visible: ownVisible() })
    follower.considerTakeover()
  }

  // ── joining and leaving the set ─────────────────────────────────────────────────────────
  /** Counts start() calls, so the hello of a start that was stopped meanwhile is not sent. */
  let joins = 0
  const inQueue = async (): Promise<void> => {
    await parts.locks.query?.().catch(() => undefined)
  }
  const start = (): void => {
    running = true
    status.role = 'follower'
    status.leaderId = null
    follower.awaitDump()
    channel = new parts.BroadcastChannel(parts.channel)
    channel.onmessage = onChannelMessage
    stopVisibility = parts.lifecycle?.subscribe({ visibilityChange: onOwnVisibility, online: () => {}, offline: () => {} }) ?? null
    view.showJoining()
    election.start()
    // Hello once our lock request is in the queue (one lock manager orders both reads): the
    // leader counts the queue when it hears us, and must find us in it.
    const join = ++joins
    void inQueue().then(() => {
      if (running && join === joins) post({ kind: 'hello', from: tabId, visible: ownVisible(), replay: true })
    })
    status.changed()
  }

  const stop = (): void => {
    if (!running) return
    const wasLeader = status.role === 'leader'
    running = false
    status.role = 'idle'
    post({ kind: 'bye', from: tabId, leader: wasLeader })
    election.stop()
    if (wasLeader) inner.disconnect()
    follower.stop()
    leader.stopTabCheck()
    stopVisibility?.()
    stopVisibility = null
    batcher.flush() // the bye goes out before the channel closes
    channel?.close()
    channel = null
    peers.clear()
    status.leaderId = null
    status.tabs = 1
    view.showStopped(wasLeader)
    status.changed()
  }

  const pool = sharedPoolFacade(tab, {
    leader,
    follower,
    join() {
      if (running) return
      start()
      // Still subscribed after a pagehide (exit stops the set, not the subscription): keep that one.
      stopPageExit ??= parts.pageExit?.({ exit: stop, back: () => { if (!running) start() } }) ?? null
    },
    leave() {
      stop()
      stopPageExit?.()
      stopPageExit = null
    },
  })
  registerTabSharing(pool, status.sharing())
  return pool
}
