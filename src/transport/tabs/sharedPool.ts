import { freshnessOf, SampleTap } from '../sampleTap'
import type { Clock, ConnectionPool, EndpointHealth, Message, PageLifecycle, Transition, TransportMetrics } from '../types'
import { LeaderElection } from './election'
import type { ChannelConstructor, ChannelLike, LockManagerLike, PageExit } from './environment'
import { handoffHealth, joiningHealth, stoppedHealth } from './handoffHealth'
import { Outbox, type OutgoingCall } from './outbox'
import { Peers } from './peers'
import { PostBatcher } from './postBatcher'
import { applyChaos, chaosControls, openEnvelope, type ChaosCommand, type ChaosSnapshot, type TabMessage } from './protocol'
import { registerTabSharing } from './registry'
import { ReplayCache } from './replayCache'
import { SharedLifecycle } from './sharedLifecycle'
import { TabCheck } from './tabCheck'
import { handoffTransition } from './timeline'
import type { TabRole, TabSharingState } from './types'

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


/** Adds `listener` to `listeners`; returns the function that removes it. */
const listen = <L>(listeners: Set<L> | undefined, listener: L): (() => void) => {
  listeners?.add(listener)
  return () => { listeners?.delete(listener) }
}

/** The sweep of a roll-call runs this long after it, so every live tab had time to answer. */
const ROLL_CALL_ANSWER_MS = 3000
/** A follower asks the leader for fresh metrics at most this often. */
const METRICS_REQUEST_MS = 250

/**
 * One connection set for every tab of a browser: a `ConnectionPool` whose tab either leads (runs
 * the real pool, relays its messages, health and transitions over a BroadcastChannel) or follows
 * (delivers what the leader relays, sends and chaos go to the leader). The store and the dev panel
 * use it like any pool; which role the tab has can change at any moment (see README "Tabs").
 */
export function createTabSharedPool(parts: TabSharedPoolParts): ConnectionPool {
  const { clock, tabId } = parts
  const peers = new Peers(() => clock.now())
  const shared = new SharedLifecycle(parts.lifecycle, () => peers.anyVisible())
  const inner = parts.createPool(shared.lifecycle)
  const names = new Set(inner.endpoints)
  const replay = new ReplayCache(parts.replayTypesPerEndpoint)
  const view = new Map<string, EndpointHealth>(Object.entries(inner.healthAll()))
  const subscribers = new Map<string, Set<(message: Message) => void>>([...names].map((name) => [name, new Set()]))
  const healthListeners = new Set<(name: string, health: EndpointHealth) => void>()
  const followerSamples = new SampleTap()
  const transitionListeners = new Set<(transition: Transition) => void>()
  const sharingListeners = new Set<(state: TabSharingState) => void>()

  let running = false
  let role: TabRole = 'idle'
  let leaderId: string | null = null
  let lastLeaderId: string | null = null
  let leaderVisible = true
  let awaitingDump = false
  let stealing = false
  let tabs = 1
  let handoffs = 0
  let channel: ChannelLike | null = null
  let chaosView: ChaosSnapshot = inner.chaos.state()
  let metricsView: TransportMetrics | null = null
  let metricsRequestedAt = Number.NEGATIVE_INFINITY
  let collecting: Transition[] | null = null
  const outbox = new Outbox(parts.outboxSize, (item, to) => {
    if (item.kind === 'send') post({ kind: 'send', from: tabId, to, id: item.id, name: item.name, message: item.message })
    else post({ kind: 'chaos', from: tabId, to, id: item.id, command: item.command })
  })
  let stopVisibility: (() => void) | null = null
  let stopPageExit: (() => void) | null = null
  let stealTimer: unknown = null

  const batcher = new PostBatcher(() => channel)
  const post = (body: TabMessage): void => batcher.post(body)
  const ownVisible = (): boolean => !(parts.lifecycle?.isHidden() ?? false)
  const known = (name: string): void => {
    if (!names.has(name)) throw new Error(`zustand-realtime: unknown endpoint "${name}"; known endpoints: ${[...names].join(', ')}`)
  }

  const sharingState = (): TabSharingState => ({ role, tabId, leaderId, tabs, handoffs, channel: parts.channel })
  const sharingChanged = (): void => {
    const state = sharingState()
    for (const listener of [...sharingListeners]) listener(state)
  }

  // ── local delivery: the same calls a pool of its own would make ──────────────────────────
  const deliverMessage = (name: string, message: Message): void => {
    replay.record(name, message)
    for (const listener of subscribers.get(name) ?? []) {
      try {
        listener(message)
      } catch (error) {
        console.error(`zustand-realtime: a subscriber of "${name}" threw`, error)
      }
    }
  }
  const setHealth = (name: string, health: EndpointHealth): void => {
    view.set(name, health)
    for (const listener of [...healthListeners]) listener(name, health)
  }
  const emitTransition = (transition: Transition): void => {
    for (const listener of [...transitionListeners]) listener(transition)
  }
  const freezeForHandoff = (): void => {
    for (const [name, health] of [...view]) setHealth(name, handoffHealth(health))
  }

  /** A new leader (or the first one) is known: the timeline says so, and a real hand-off freezes health. */
  const leaderChanged = (next: string, reason: string, freeze: boolean): void => {
    const previous = lastLeaderId
    lastLeaderId = next
    if (previous === next) return
    if (previous !== null) handoffs += 1
    if (previous !== null && freeze) freezeForHandoff()
    emitTransition(handoffTransition(previous, next, tabId, reason, clock.now()))
  }

  // ── the leader's side ────────────────────────────────────────────────────────────────────
  inner.onHealth((name, health) => {
    if (role !== 'leader') return
    setHealth(name, health)
    post({ kind: 'health', from: tabId, name, health })
  })
  inner.onTransition((transition) => {
    if (role !== 'leader') return
    emitTransition(transition)
    if (collecting !== null) collecting.push(transition)
    else post({ kind: 'transition', from: tabId, transition })
  })
  for (const name of names) {
    inner.subscribe(name, (message) => {
      if (role !== 'leader') return
      post({ kind: 'message', from: tabId, name, message })
      deliverMessage(name, message)
    })
  }

  /** Runs a chaos call on the real pool; its transitions are relayed with the chaos state after it. */
  const chaosHere = (command: ChaosCommand): void => {
    collecting = []
    try {
      applyChaos(inner.chaos, command)
    } finally {
      const collected = collecting
      collecting = null
      const state = inner.chaos.state()
      for (const transition of collected) post({ kind: 'transition', from: tabId, transition, chaos: state })
    }
  }

  /** The lock queue's length when the lock manager can tell (exact), else the tabs known from their messages. */
  let lockedTabs: number | null = null
  const countTabs = (): void => {
    const count = lockedTabs ?? peers.count + 1
    if (count === tabs) return
    tabs = count
    post({ kind: 'tabs', from: tabId, count })
    sharingChanged()
  }

  /** Tabs that crashed never say bye: the leader compares the lock queue with the tabs it knows. */
  const tabCheck = new TabCheck(clock, parts.tabCheckMs, ROLL_CALL_ANSWER_MS, {
    sweep: () => {
      if (!peers.sweep()) return
      countTabs()
      shared.peersChanged()
    },
    requests: async () => {
      const snapshot = await parts.locks.query?.()
      if (snapshot === undefined) return null
      return [...(snapshot.held ?? []), ...(snapshot.pending ?? [])].filter((lock) => lock.name === parts.channel).length
    },
    known: () => peers.count + 1,
    rollCall: () => {
      peers.rollCall()
      post({ kind: 'roll-call', from: tabId })
    },
    counted: (requests) => {
      lockedTabs = Math.max(1, requests)
      countTabs()
    },
  })

  const elected = (): void => {
    role = 'leader'
    leaderId = tabId
    awaitingDump = false
    stealing = false
    clearStealTimer()
    post({ kind: 'leader', from: tabId, visible: ownVisible() })
    leaderChanged(tabId, 'this tab took the lock', false)
    try {
      void inner.connect()
    } catch (error) {
      console.error('zustand-realtime: the leader tab could not start its connections', error)
    }
    for (const item of outbox.takeAll()) {
      if (item.kind === 'send') inner.send(item.name, item.message)
      else chaosHere(item.command)
    }
    countTabs()
    tabCheck.start()
    sharingChanged()
  }

  /** Stops leading (the lock was stolen, or another tab announced itself): sockets close, health freezes. */
  const stepDown = (): void => {
    if (role !== 'leader') return
    role = 'follower'
    if (leaderId === tabId) leaderId = null
    post({ kind: 'resign', from: tabId })
    tabCheck.stop()
    lockedTabs = null
    inner.disconnect()
    freezeForHandoff()
    // The thief may have announced itself while this tab still led (and ignored it): ask for its state.
    awaitingDump = true
    post({ kind: 'hello', from: tabId, visible: ownVisible(), replay: false })
    sharingChanged()
  }

  const election = new LeaderElection(parts.locks, parts.channel, {
    elected,
    deposed: stepDown,
    shouldPass: () => !ownVisible() && peers.anyVisible(),
  })

  // ── the follower's side ──────────────────────────────────────────────────────────────────
  const clearStealTimer = (): void => {
    if (stealTimer !== null) clock.clearTimeout(stealTimer)
    stealTimer = null
  }
  const wantsToSteal = (): boolean => running && role === 'follower' && leaderId !== null && !stealing && ownVisible() && !leaderVisible
  /** A visible follower takes over from a hidden leader: at once when its sockets are paused, else after `stealAfterMs`. */
  const considerSteal = (): void => {
    if (!wantsToSteal()) return clearStealTimer()
    const steal = (): void => {
      clearStealTimer()
      stealing = true
      election.steal()
    }
    if ([...view.values()].some((health) => health.paused === 'hidden')) return steal()
    stealTimer ??= clock.setTimeout(() => {
      stealTimer = null
      if (wantsToSteal()) steal()
    }, parts.stealAfterMs)
  }

  const knownLeader = (): string | null => (role === 'follower' && !awaitingDump ? leaderId : null)
  const flushOutbox = (): void => {
    const leader = knownLeader()
    if (leader !== null) outbox.resendTo(leader)
  }
  const enqueue = (call: OutgoingCall): boolean => outbox.add(call, knownLeader())

  /** `fresh`: the leader just sent its current health (a state dump), so nothing is frozen. */
  const acceptLeader = (from: string, visible: boolean, fresh: boolean): void => {
    leaderId = from
    leaderVisible = visible
    awaitingDump = false
    stealing = false
    leaderChanged(from, 'another tab took the lock', !fresh)
    flushOutbox()
    considerSteal()
    sharingChanged()
  }

  const fromLeader = (message: TabMessage): boolean => role === 'follower' && message.from === leaderId && !awaitingDump

  const receive = (message: TabMessage): void => {
    switch (message.kind) {
      case 'hello':
      case 'presence': {
        const changed = peers.saw(message.from, message.visible)
        if (changed) shared.peersChanged()
        if (message.from === leaderId) {
          leaderVisible = message.visible
          considerSteal()
        }
        if (role !== 'leader') return
        if (message.kind === 'hello') {
          tabCheck.recount()
          post({
            kind: 'state', from: tabId, to: message.from, visible: ownVisible(), tabs: peers.count + 1,
            health: Object.fromEntries(view), replay: message.replay ? replay.entries() : [], chaos: inner.chaos.state(), metrics: inner.metrics(),
          })
        }
        countTabs()
        return
      }
      case 'roll-call':
        post({ kind: 'presence', from: tabId, visible: ownVisible() })
        return
      case 'resign':
        if (message.from !== leaderId) return
        leaderId = null
        freezeForHandoff()
        sharingChanged()
        post({ kind: 'hello', from: tabId, visible: ownVisible(), replay: false })
        return
      case 'ack':
        if (role === 'follower') outbox.acked(message.id)
        return
      case 'bye':
        if (peers.left(message.from)) shared.peersChanged()
        if (role === 'leader') {
          countTabs()
          tabCheck.recount()
        }
        if (message.from !== leaderId) return
        leaderId = null
        freezeForHandoff()
        clearStealTimer()
        sharingChanged()
        return
      case 'leader':
        peers.saw(message.from, message.visible)
        // The lock says who leads: a leader that was stolen from learns it from its own request (`deposed`).
        if (role === 'follower') acceptLeader(message.from, message.visible, false)
        return
      case 'state':
        if (role !== 'follower') return
        leaderId = message.from
        for (const [name, health] of Object.entries(message.health)) if (names.has(name)) setHealth(name, health)
        for (const entry of message.replay) if (names.has(entry.name)) deliverMessage(entry.name, entry.message)
        chaosView = message.chaos
        metricsView = message.metrics
        tabs = message.tabs
        acceptLeader(message.from, message.visible, true)
        return
      case 'message':
        if (fromLeader(message) && names.has(message.name)) deliverMessage(message.name, message.message)
        return
      case 'health':
        if (!fromLeader(message) || !names.has(message.name)) return
        setHealth(message.name, message.health)
        considerSteal()
        return
      case 'transition':
        if (!fromLeader(message)) return
        if (message.chaos !== undefined) chaosView = message.chaos
        emitTransition(message.transition)
        return
      case 'metrics':
        if (fromLeader(message)) metricsView = message.metrics
        return
      case 'tabs':
        if (!fromLeader(message)) return
        tabs = message.count
        sharingChanged()
        return
      case 'metrics-request':
        if (role === 'leader') post({ kind: 'metrics', from: tabId, metrics: inner.metrics() })
        return
      case 'send':
        if (role !== 'leader') return
        post({ kind: 'ack', from: tabId, to: message.from, id: message.id })
        if (names.has(message.name)) inner.send(message.name, message.message)
        return
      case 'chaos':
        if (role !== 'leader') return
        post({ kind: 'ack', from: tabId, to: message.from, id: message.id })
        chaosHere(message.command)
    }
  }

  const onChannelMessage = (event: MessageEvent): void => {
    for (const message of openEnvelope(event.data)) {
      if (message.from === tabId || !running) continue
      if ('to' in message && message.to !== tabId) continue
      receive(message)
    }
  }

  const onOwnVisibility = (): void => {
    post({ kind: 'presence', from: tabId, visible: ownVisible() })
    considerSteal()
  }

  // ── the pool's lifecycle ─────────────────────────────────────────────────────────────────
  /** Counts start() calls, so the hello of a start that was stopped meanwhile is not sent. */
  let joins = 0
  const inQueue = async (): Promise<void> => {
    await parts.locks.query?.().catch(() => undefined)
  }
  const start = (): void => {
    running = true
    role = 'follower'
    leaderId = null
    awaitingDump = true
    channel = new parts.BroadcastChannel(parts.channel)
    channel.onmessage = onChannelMessage
    stopVisibility = parts.lifecycle?.subscribe({ visibilityChange: onOwnVisibility, online: () => {}, offline: () => {} }) ?? null
    for (const [name, health] of [...view]) setHealth(name, joiningHealth(health))
    election.start()
    // Hello once our lock request is in the queue (one lock manager orders both reads): the
    // leader counts the queue when it hears us, and must find us in it.
    const join = ++joins
    void inQueue().then(() => {
      if (running && join === joins) post({ kind: 'hello', from: tabId, visible: ownVisible(), replay: true })
    })
    sharingChanged()
  }

  const stop = (): void => {
    if (!running) return
    const wasLeader = role === 'leader'
    running = false
    role = 'idle'
    post({ kind: 'bye', from: tabId, leader: wasLeader })
    election.stop()
    if (wasLeader) inner.disconnect()
    clearStealTimer()
    tabCheck.stop()
    lockedTabs = null
    stopVisibility?.()
    stopVisibility = null
    batcher.flush() // the bye goes out before the channel closes
    channel?.close()
    channel = null
    peers.clear()
    leaderId = null
    stealing = false
    outbox.clear()
    tabs = 1
    // As a pool of its own after disconnect(): disconnected, with what was last known kept.
    for (const name of names) setHealth(name, wasLeader ? inner.health(name) : stoppedHealth(view.get(name) ?? inner.health(name)))
    sharingChanged()
  }

  const chaos = chaosControls({
    run(command) {
      if ('name' in command) known(command.name)
      if (role === 'follower') enqueue({ kind: 'chaos', command })
      else chaosHere(command)
    },
    state: () => (role === 'follower' ? chaosView : inner.chaos.state()),
  })

  const pool: ConnectionPool = {
    endpoints: inner.endpoints,
    connect() {
      if (!running) {
        start()
        stopPageExit = parts.pageExit?.({ exit: stop, back: () => { if (!running) start() } }) ?? null
      }
      return role === 'leader' ? inner.connect() : Promise.resolve()
    },
    disconnect() {
      stop()
      stopPageExit?.()
      stopPageExit = null
    },
    subscribe(name, listener) {
      known(name)
      return listen(subscribers.get(name), listener)
    },
    onHealth: (listener) => listen(healthListeners, listener),
    onTransition: (listener) => listen(transitionListeners, listener),
    // Verdicts on data: the leader's store judges the frames it relays with the same reducers, and
    // its health (dataError included) is what followers show; a follower's own verdicts add nothing.
    accept(name, message) {
      known(name)
      if (role !== 'follower') return inner.accept(name, message)
      // A follower's own timing: the relay's hop is part of how fresh its data is.
      if (!followerSamples.active) return
      const ms = freshnessOf(message, clock.now())
      if (ms !== null) followerSamples.emit({ kind: 'freshness', name, ms })
    },
    reject(name, message, reason) {
      known(name)
      if (role !== 'follower') inner.reject(name, message, reason)
    },
    // The frames this tab's own sockets carry (none while it follows).
    onFrame: (listener) => inner.onFrame(listener),
    // The leader's timings come from its sockets; a follower adds only the age of what it applies.
    onSample(listener) {
      const stopInner = inner.onSample?.(listener)
      const stopOwn = followerSamples.listen(listener)
      return () => { stopInner?.(); stopOwn() }
    },
    send(name, message) {
      known(name)
      if (role !== 'follower') return inner.send(name, message)
      // What the leader's socket will send anyway (JSON), and always structured-cloneable.
      const json = JSON.stringify(message)
      return enqueue({ kind: 'send', name, message: json === undefined ? null : JSON.parse(json) })
    },
    health(name) {
      known(name)
      return view.get(name) ?? inner.health(name)
    },
    healthAll: () => Object.fromEntries([...names].map((name) => [name, view.get(name) ?? inner.health(name)])),
    metrics() {
      if (role !== 'follower') return inner.metrics()
      const now = clock.now()
      if (leaderId !== null && now - metricsRequestedAt >= METRICS_REQUEST_MS) {
        metricsRequestedAt = now
        post({ kind: 'metrics-request', from: tabId })
      }
      return metricsView ?? inner.metrics()
    },
    chaos,
  }
  registerTabSharing(pool, { state: sharingState, subscribe: (listener) => listen(sharingListeners, listener) })
  return pool
}
