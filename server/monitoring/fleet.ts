import type { MemoryReading, MetricsReport, ReportHealth } from '../../src/reporter/report'
import { fitLine, median } from './trend'

/** What the collector keeps of one client: its latest health and its memory readings. */
export interface ClientRecord {
  id: string
  role: MetricsReport['role']
  lastSeq: number
  /** Server clock when its last report arrived. */
  seenAt: number
  intervalMs: number
  final: boolean
  health: ReportHealth
  /** [server time, bytes], oldest first, within the memory window. */
  memory: [number, number][]
  memorySource: MemoryReading['source'] | null
  labels: Record<string, string>
}

export interface FleetOptions {
  /** A client silent for this many of its intervals is stale: a disconnected user. Default 2.5. */
  staleIntervals: number
  /** A stale client is forgotten after this long. Default 10 min. */
  forgetAfterMs: number
  /** Memory readings kept per client for the growth rate. Default 1 h. */
  memoryWindowMs: number
  /** A client's growth rate counts once its readings span this long. Default 10 min. */
  minMemorySpanMs: number
  /** At most this many clients are tracked; more reports from new clients are refused. Default 10 000. */
  maxClients: number
}

export type ClientState = 'live' | 'stale' | 'left'

export const clientState = (client: ClientRecord, now: number, options: FleetOptions): ClientState =>
  client.final ? 'left' : now - client.seenAt > client.intervalMs * options.staleIntervals ? 'stale' : 'live'

/** A user has data when every endpoint is connected, polling, or paused on purpose (hidden tab, offline). */
export const userConnected = (health: ReportHealth): boolean =>
  health.endpoints > 0 && health.connected + health.polling + health.paused >= health.endpoints

/** Bytes per hour from a client's readings, or null while they span less than `minSpanMs`. */
export const growthPerHour = (readings: readonly [number, number][], minSpanMs: number): number | null => {
  const first = readings[0]
  const last = readings[readings.length - 1]
  if (first === undefined || last === undefined || last[0] - first[0] < minSpanMs || readings.length < 3) return null
  const fit = fitLine(readings.map(([at, bytes]) => [at / 3_600_000, bytes]))
  return fit?.slope ?? null
}

export interface FleetFigures {
  clients: { live: number; stale: number; left: number; own: number; leaders: number; followers: number }
  circuits: { open: number; closed: number; halfOpen: number }
  users: { connected: number; disconnected: number; disconnectionRate: number | null }
  memory: { current: number | null; growthRate: number | null; clients: number }
}

/** Figures over the clients the collector knows, at `now`. */
export const fleetFigures = (clients: Iterable<ClientRecord>, now: number, options: FleetOptions): FleetFigures => {
  const figures: FleetFigures = {
    clients: { live: 0, stale: 0, left: 0, own: 0, leaders: 0, followers: 0 },
    circuits: { open: 0, closed: 0, halfOpen: 0 },
    users: { connected: 0, disconnected: 0, disconnectionRate: null },
    memory: { current: null, growthRate: null, clients: 0 },
  }
  const currentMemory: number[] = []
  const growth: number[] = []
  for (const client of clients) {
    const state = clientState(client, now, options)
    figures.clients[state] += 1
    if (state === 'left') continue
    if (state === 'stale') {
      figures.users.disconnected += 1
      continue
    }
    figures.clients[client.role === 'own' ? 'own' : client.role === 'leader' ? 'leaders' : 'followers'] += 1
    if (userConnected(client.health)) figures.users.connected += 1
    else figures.users.disconnected += 1
    // Followers show the leader's circuits: counting them again would double them.
    if (client.role !== 'follower') {
      figures.circuits.open += client.health.open
      figures.circuits.closed += client.health.closed
      figures.circuits.halfOpen += client.health.halfOpen
    }
    const latest = client.memory[client.memory.length - 1]
    if (latest !== undefined) currentMemory.push(latest[1])
    const rate = growthPerHour(client.memory, options.minMemorySpanMs)
    if (rate !== null) growth.push(rate)
  }
  const users = figures.users.connected + figures.users.disconnected
  figures.users.disconnectionRate = users === 0 ? null : figures.users.disconnected / users
  figures.memory = { current: median(currentMemory), growthRate: median(growth), clients: currentMemory.length }
  return figures
}
