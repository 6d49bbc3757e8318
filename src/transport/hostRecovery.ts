import type { EndpointConnection } from './connection'

const inOutage = (connection: EndpointConnection) => connection.kind === 'waiting' || connection.kind === 'following'
const probingNow = (connection: EndpointConnection) => connection.kind === 'queued' || connection.kind === 'connecting' || connection.kind === 'open'

/** Highest priority first, then declaration order. */
export const firstInLine = <T extends { readonly priority: number; readonly order: number }>(connections: readonly T[]): T | undefined =>
  connections.reduce<T | undefined>(
    (best, c) => (best === undefined || c.priority < best.priority || (c.priority === best.priority && c.order < best.order) ? c : best),
    undefined,
  )

/**
 * Shared recovery per host: when several endpoints of one host are down together, only the
 * highest-priority one keeps probing; the others wait and reconnect (staggered) once it is back.
 * An endpoint failing alone keeps its own schedule.
 */
export class HostRecovery {
  private readonly leaders = new Map<string, EndpointConnection>()

  constructor(
    private readonly connections: readonly EndpointConnection[],
    private readonly hostOf: (connection: EndpointConnection) => string,
  ) {}

  /**
   * `connection` failed and waits to retry. While the host's leader has a probe in flight (or its
   * socket is open but not yet served), a newly failed endpoint waits for that probe: taking the lead
   * would put a second probe on the host before the first one has answered.
   */
  retrying(connection: EndpointConnection): void {
    const host = this.hostOf(connection)
    const current = this.leaders.get(host)
    if (current !== undefined && probingNow(current)) return connection.follow(current)
    const down = this.onHost(host).filter(inOutage)
    if (down.length < 2) return
    // A leader that is not probing waits too, so it is among the candidates; followers never outrank it.
    const leader = firstInLine(down.filter((c) => c.kind === 'waiting')) ?? connection
    this.leaders.set(host, leader)
    for (const member of down) if (member !== leader) member.follow(leader)
  }

  /** A socket of this host is really served (first frame, or minUptime): everyone waiting for it goes now. */
  opened(connection: EndpointConnection): void {
    const host = this.hostOf(connection)
    if (!this.leaders.delete(host)) return
    for (const member of this.onHost(host)) member.hostBack('host is back')
  }

  /** `connection` stopped, paused or gave up: if it led, the next in line takes over at once. */
  left(connection: EndpointConnection): void {
    const host = this.hostOf(connection)
    if (this.leaders.get(host) !== connection) return
    this.leaders.delete(host)
    const followers = this.onHost(host).filter((c) => c.kind === 'following')
    const next = firstInLine(followers)
    if (next === undefined) return
    this.leaders.set(host, next)
    for (const member of followers) if (member !== next) member.follow(next)
    next.release(`${connection.name} left the outage; ${next.name} probes`)
  }

  /**
   * `prober` probes the host early (proof that it is back): the endpoints of the host that wait
   * to retry, or whose circuit is open, wait for it instead of probing themselves.
   */
  probing(prober: EndpointConnection): void {
    const host = this.hostOf(prober)
    const waiting = this.onHost(host).filter((c) => c !== prober && (inOutage(c) || (c.kind === 'queued' && c.circuit.state === 'open')))
    if (waiting.length === 0) return
    this.leaders.set(host, prober)
    for (const member of waiting) member.follow(prober)
  }

  /** Endpoints that wait for `leader` (their health mirrors it). */
  followersOf(leader: EndpointConnection): EndpointConnection[] {
    return this.leaders.get(this.hostOf(leader)) === leader ? this.onHost(this.hostOf(leader)).filter((c) => c.kind === 'following') : []
  }

  clear(): void {
    this.leaders.clear()
  }

  private onHost(host: string): EndpointConnection[] {
    return this.connections.filter((c) => this.hostOf(c) === host)
  }
}
