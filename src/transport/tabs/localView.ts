import type { ConnectionPool, EndpointHealth, Message, Transition } from '../types'
import { handoffHealth, joiningHealth, stoppedHealth } from './handoffHealth'
import { listen } from '../listeners'
import type { ReplayEntry } from './protocol'
import { ReplayCache } from './replayCache'

type MessageListener = (message: Message) => void
type HealthListener = (name: string, health: EndpointHealth) => void
type TransitionListener = (transition: Transition) => void

/**
 * What this tab's store and dev panel see, whichever tab leads: messages, health and transitions
 * reach their listeners through the same calls a pool of its own would make. A subscriber that
 * throws is logged, so the others still get the message. Health starts as the tab's own pool's.
 */
export class LocalView {
  private readonly shown: Map<string, EndpointHealth>
  private readonly subscribers: Map<string, Set<MessageListener>>
  private readonly healthListeners = new Set<HealthListener>()
  private readonly transitionListeners = new Set<TransitionListener>()
  private readonly replay: ReplayCache

  constructor(
    private readonly names: ReadonlySet<string>,
    private readonly pool: Pick<ConnectionPool, 'health' | 'healthAll'>,
    replayTypesPerEndpoint: number,
  ) {
    this.replay = new ReplayCache(replayTypesPerEndpoint)
    this.shown = new Map(Object.entries(pool.healthAll()))
    this.subscribers = new Map([...names].map((name) => [name, new Set()]))
  }

  subscribe(name: string, listener: MessageListener): () => void {
    return listen(this.subscribers.get(name), listener)
  }

  onHealth(listener: HealthListener): () => void {
    return listen(this.healthListeners, listener)
  }

  onTransition(listener: TransitionListener): () => void {
    return listen(this.transitionListeners, listener)
  }

  health(name: string): EndpointHealth {
    return this.shown.get(name) ?? this.pool.health(name)
  }

  healthAll(): Record<string, EndpointHealth> {
    return Object.fromEntries([...this.names].map((name) => [name, this.health(name)]))
  }

  /** The health shown, as the leader's state dump carries it. */
  shownHealth(): Record<string, EndpointHealth> {
    return Object.fromEntries(this.shown)
  }

  /** Some endpoint is paused because the leader's page is hidden. */
  pausedWhileHidden(): boolean {
    return [...this.shown.values()].some((health) => health.paused === 'hidden')
  }

  /** The last message of each endpoint and type delivered here, for a tab that opens later. */
  replayEntries(): ReplayEntry[] {
    return this.replay.entries()
  }

  deliver(name: string, message: Message): void {
    this.replay.record(name, message)
    for (const listener of this.subscribers.get(name) ?? []) {
      try {
        listener(message)
      } catch (error) {
        console.error(`zustand-realtime: a subscriber of "${name}" threw`, error)
      }
    }
  }

  setHealth(name: string, health: EndpointHealth): void {
    this.shown.set(name, health)
    for (const listener of [...this.healthListeners]) listener(name, health)
  }

  emitTransition(transition: Transition): void {
    for (const listener of [...this.transitionListeners]) listener(transition)
  }

  /** Leadership moves to another tab: each endpoint keeps its last health, marked reconnecting. */
  freezeForHandoff(): void {
    for (const [name, health] of [...this.shown]) this.setHealth(name, handoffHealth(health))
  }

  /** This tab joins the set: connecting, until the leader's state dump arrives. */
  showJoining(): void {
    for (const [name, health] of [...this.shown]) this.setHealth(name, joiningHealth(health))
  }

  /**
   * As a pool of its own after `disconnect()`: disconnected, with what was last known kept.
   * `led`: this tab's own pool just closed its sockets, so its health is exactly that.
   */
  showStopped(led: boolean): void {
    for (const name of this.names) this.setHealth(name, led ? this.pool.health(name) : stoppedHealth(this.health(name)))
  }
}
