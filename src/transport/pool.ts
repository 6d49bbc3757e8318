import { createChaosControls } from './chaos'
import { systemClock } from './clock'
import { EndpointConnection } from './connection'
import type { ConnectionHooks } from './connectionContract'
import { failoverGroupOf } from './failover'
import { FrameTap } from './frameTap'
import { listen } from './listeners'
import { freshnessOf, SampleTap } from './sampleTap'
import { deliverRouted } from './routing'
import { startEarlyProbes } from './earlyProbes'
import { HostRecovery } from './hostRecovery'
import { browserLifecycle } from './lifecycle'
import { EndpointMetricsRecorder, poolMetrics } from './metrics'
import { resolvePoolOptions } from './options'
import { VisibilityWatch } from './visibilityWatch'
import { PollRecovery } from './pollRecovery'
import { ConnectScheduler } from './scheduler'
import { pageStartQueue, StartQueue } from './startQueue'
import { TypeRouter } from './typeRouter'
import type { ChaosState, ConnectionPool, EndpointHealth, FetchLike, Message, PauseReason, PoolOptions, Transition, WebSocketConstructor } from './types'

/** A pool of endpoint connections: staggered, guarded, shared recovery per host, paused with the page. */
export function createConnectionPool(options: PoolOptions): ConnectionPool {
  const resolved = resolvePoolOptions(options)
  const clock = options.clock ?? systemClock
  const random = options.random ?? Math.random
  const lifecycle = options.lifecycle === undefined ? browserLifecycle() : options.lifecycle
  // Resolved at use, not here: a test may install MSW's interceptors after creating the store.
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init))
  const WebSocketImpl = (): WebSocketConstructor => options.WebSocket ?? globalThis.WebSocket

  const subscribers = new Map<string, Set<(message: Message) => void>>()
  const healthListeners = new Set<(name: string, health: EndpointHealth) => void>()
  const transitionListeners = new Set<(transition: Transition) => void>()
  const recorders = new Map<string, EndpointMetricsRecorder>()
  const chaosStates = new Map<string, ChaosState>()
  const page = { running: false, hidden: false, offline: false, chaosOffline: false }
  const tap = new FrameTap()
  const samples = new SampleTap()
  const router = TypeRouter.of(options.endpoints, () => clock.now())
  let hiddenTimer: unknown = null
  const visibility = new VisibilityWatch(clock)
  let stopListening: (() => void) | null = null

  const hooks: ConnectionHooks = {
    requestStart: (connection) => { if (page.running) scheduler.request(connection) },
    cancelStart: (connection) => scheduler.cancel(connection),
    socketReleased: () => scheduler.slotReleased(),
    retrying: (connection) => hostRecovery?.retrying(connection),
    opened: (connection) => scheduler.batch(() => hostRecovery?.opened(connection)),
    left: (connection) => scheduler.batch(() => hostRecovery?.left(connection)),
    message: (connection, message) => {
      const target = router === null ? connection : deliverRouted(router, connection, message, connectionNamed)
      if (target === null) return
      target.dataArrived()
      for (const listener of subscribers.get(target.name) ?? []) {
        try {
          listener(message)
        } catch (error) {
          // A broken subscriber must not take the socket (or the other subscribers) down with it.
          console.error(`zustand-realtime: a subscriber of "${target.name}" threw`, error)
        }
      }
    },
    health: (health, connection) => {
      for (const listener of healthListeners) listener(connection.name, health)
      for (const follower of hostRecovery?.followersOf(connection) ?? []) follower.leaderChanged()
    },
    transition: (transition) => {
      for (const listener of transitionListeners) listener(transition)
    },
  }

  // Polls follow the shared recovery of their host; a poll that answers starts the way back.
  const polls = new PollRecovery(clock, random, Math.max(1, resolved.staggerMs), {
    hostBack: (host) => scheduler.batch(() => startEarlyProbes(connections, hostKey, hostRecovery, 'a poll of the host answered: one probe now', host)),
  })
  const connections: EndpointConnection[] = resolved.endpoints.map((settings) => {
    const metrics = new EndpointMetricsRecorder(settings.name, samples)
    const chaos: ChaosState = { dropPongs: false, latencyMs: 0, blockConnects: false, tripped: false }
    recorders.set(settings.name, metrics)
    chaosStates.set(settings.name, chaos)
    subscribers.set(settings.name, new Set())
    // The host key is read when polls need it (an async url is known once it resolved).
    const connection: EndpointConnection = new EndpointConnection(settings, { clock, random, WebSocket: WebSocketImpl, fetch: fetchImpl, metrics, chaos, tap, polls, host: () => hostKey(connection) }, hooks)
    return connection
  })
  const byName = new Map(connections.map((connection) => [connection.name, connection]))
  const scheduler = new ConnectScheduler<EndpointConnection>(clock, resolved.staggerMs, resolved.maxConnections,
    () => connections.filter((c) => c.holdsSocket).length,
    // Joined at connect(): every pool of the page on the same WebSocket and clock keeps one stagger and one cap.
    () => (resolved.sharedSchedule ? pageStartQueue(WebSocketImpl(), clock) : new StartQueue(clock)))
  const hostRecovery = resolved.sharedRecovery ? new HostRecovery(connections, hostKey) : null

  const connectionNamed = (name: string): EndpointConnection => {
    const connection = byName.get(name)
    if (connection === undefined) throw new Error(`zustand-realtime: unknown endpoint "${name}"; known endpoints: ${[...byName.keys()].join(', ')}`)
    return connection
  }

  const pauseReason = (): PauseReason | false =>
    page.offline || page.chaosOffline ? 'offline' : page.hidden ? 'hidden' : false

  /**
   * Pauses or resumes every endpoint to match the page; resumes go through the scheduler, staggered.
   * `wakeReason` (online, visible): open circuits probe now, one per host, in the same batch.
   */
  const applyPause = (wakeReason?: string) => {
    if (!page.running) return
    const reason = pauseReason()
    scheduler.batch(() => {
      for (const connection of connections) {
        if (reason) connection.pause(reason)
        else connection.resume()
      }
      if (!reason && wakeReason !== undefined) startEarlyProbes(connections, hostKey, hostRecovery, wakeReason)
    })
  }

  const clearHiddenTimer = () => {
    if (hiddenTimer !== null) clock.clearTimeout(hiddenTimer)
    hiddenTimer = null
  }

  /** Sockets that say OPEN may have died while the machine slept or the network changed: make them prove it. */
  const checkOpenSockets = (reason: string) => {
    for (const connection of connections) connection.checkLiveness(reason)
  }

  const onVisibilityChange = () => {
    if (lifecycle === null) return
    const hiddenFor = visibility.visibilityChanged(lifecycle.isHidden())
    if (hiddenFor !== null) checkOpenSockets(`tab visible after ${Math.round(hiddenFor / 1000)} s hidden`)
    if (!resolved.pauseWhenHidden) {
      if (!lifecycle.isHidden()) applyPause('tab visible: one probe now')
      return
    }
    if (lifecycle.isHidden()) {
      if (page.hidden || hiddenTimer !== null) return
      hiddenTimer = clock.setTimeout(() => {
        hiddenTimer = null
        page.hidden = true
        applyPause()
      }, resolved.hiddenGraceMs)
    } else {
      clearHiddenTimer()
      page.hidden = false
      applyPause('tab visible: one probe now')
    }
  }

  const setOffline = (key: 'offline' | 'chaosOffline', on: boolean, wakeReason?: string) => {
    if (page[key] === on && wakeReason === undefined) return
    page[key] = on
    applyPause(on ? undefined : wakeReason)
  }

  const pool: ConnectionPool = {
    endpoints: connections.map((c) => c.name),

    connect() {
      if (typeof WebSocketImpl() !== 'function') {
        throw new Error('zustand-realtime: no WebSocket implementation; pass `WebSocket` in the pool options (in Node: `import WebSocket from "ws"`)')
      }
      if (!page.running) {
        page.running = true
        stopListening = lifecycle?.subscribe({
          visibilityChange: onVisibilityChange,
          online: () => { setOffline('offline', false, 'browser online: one probe now'); checkOpenSockets('browser online') },
          offline: () => setOffline('offline', true),
        }) ?? null
        page.offline = lifecycle?.isOffline() ?? false
        page.hidden = resolved.pauseWhenHidden && (lifecycle?.isHidden() ?? false)
      }
      const reason = pauseReason()
      scheduler.batch(() => { for (const connection of connections) connection.start(reason) })
      return scheduler.whenIdle()
    },

    disconnect() {
      page.running = false
      page.hidden = false
      stopListening?.()
      stopListening = null
      clearHiddenTimer()
      scheduler.dispose()
      hostRecovery?.clear()
      router?.clear()
      for (const connection of connections) connection.stop()
      polls.clear()
    },

    subscribe(name, listener) {
      connectionNamed(name)
      return listen(subscribers.get(name), listener)
    },

    onHealth: (listener) => listen(healthListeners, listener),
    onTransition: (listener) => listen(transitionListeners, listener),

    send: (name, message) => connectionNamed(name).send(JSON.stringify(message)),
    health: (name) => connectionNamed(name).health(),
    healthAll: () => Object.fromEntries(connections.map((c) => [c.name, c.health()])),
    metrics: () => poolMetrics(recorders),
    accept(name, message) {
      connectionNamed(name).acceptData(message)
      if (!samples.active) return
      const ms = freshnessOf(message, clock.now())
      if (ms !== null) samples.emit({ kind: 'freshness', name, ms })
    },
    reject: (name, message, reason) => connectionNamed(name).rejectData(message, reason),
    onFrame: (listener) => tap.listen(listener),
    onSample: (listener) => samples.listen(listener),

    chaos: createChaosControls({
      connection: connectionNamed,
      chaosOf: (name) => connectionNamed(name).chaos,
      all: () => chaosStates,
      setOffline: (on) => setOffline('chaosOffline', on),
      isOffline: () => page.chaosOffline,
      announce: (name, reason) => hooks.transition({ name, from: 'chaos', to: 'chaos', reason, at: clock.now(), kind: 'chaos' }),
    }),
  }
  return pool
}

/** Endpoints on one scheme + host + port share an outage; endpoints failing over between the same instances, one cluster (an async url is known once it resolved). */
function hostKey(connection: EndpointConnection): string {
  const cluster = failoverGroupOf(connection.settings.url)
  if (cluster !== null) return cluster
  const known = connection.knownUrl
  if (known === null) return `endpoint:${connection.name}`
  try {
    const url = new URL(known)
    return `${url.protocol}//${url.host}`
  } catch {
    return `endpoint:${connection.name}`
  }
}
