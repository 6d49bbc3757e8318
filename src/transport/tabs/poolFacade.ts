import { freshnessOf, SampleTap } from '../sampleTap'
import type { ConnectionPool } from '../types'
import type { FollowerLink } from './followerLink'
import type { LeaderDuties } from './leaderDuties'
import { chaosControls } from './protocol'
import type { TabContext } from './tabContext'

export interface PoolFacadeParts {
  leader: LeaderDuties
  follower: FollowerLink
  /** Joins the set, unless this tab is in it already. */
  join(): void
  /** Leaves the set. */
  leave(): void
}

/**
 * The `ConnectionPool` the store and the dev panel use: listeners and health are the tab's local
 * view; calls go to the real pool while this tab leads (or is not in the set), to the leader while
 * it follows.
 */
export function sharedPoolFacade(tab: TabContext, { leader, follower, join, leave }: PoolFacadeParts): ConnectionPool {
  const { inner, names, status, view, clock } = tab
  const followerSamples = new SampleTap()
  const known = (name: string): void => {
    if (!names.has(name)) throw new Error(`zustand-realtime: unknown endpoint "${name}"; known endpoints: ${[...names].join(', ')}`)
  }

  const chaos = chaosControls({
    run(command) {
      if ('name' in command) known(command.name)
      if (status.role === 'follower') follower.enqueue({ kind: 'chaos', command })
      else leader.runChaos(command)
    },
    state: () => (status.role === 'follower' ? follower.leaderChaos : inner.chaos.state()),
  })

  return {
    endpoints: inner.endpoints,
    connect() {
      join()
      return status.role === 'leader' ? inner.connect() : Promise.resolve()
    },
    disconnect() {
      leave()
    },
    subscribe(name, listener) {
      known(name)
      return view.subscribe(name, listener)
    },
    onHealth: (listener) => view.onHealth(listener),
    onTransition: (listener) => view.onTransition(listener),
    // Verdicts on data: the leader's store judges the frames it relays with the same reducers, and
    // its health (dataError included) is what followers show; a follower's own verdicts add nothing.
    accept(name, message) {
      known(name)
      if (status.role !== 'follower') return inner.accept(name, message)
      // A follower's own timing: the relay's hop is part of how fresh its data is.
      if (!followerSamples.active) return
      const ms = freshnessOf(message, clock.now())
      if (ms !== null) followerSamples.emit({ kind: 'freshness', name, ms })
    },
    reject(name, message, reason) {
      known(name)
      if (status.role !== 'follower') inner.reject(name, message, reason)
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
      if (status.role !== 'follower') return inner.send(name, message)
      // What the leader's socket will send anyway (JSON), and always structured-cloneable.
      const json = JSON.stringify(message)
      return follower.enqueue({ kind: 'send', name, message: json === undefined ? null : JSON.parse(json) })
    },
    health(name) {
      known(name)
      return view.health(name)
    },
    healthAll: () => view.healthAll(),
    metrics: () => (status.role !== 'follower' ? inner.metrics() : follower.metrics() ?? inner.metrics()),
    chaos,
  }
}
