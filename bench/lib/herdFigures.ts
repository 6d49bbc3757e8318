/** Turns an outage episode's raw logs into the figures the reconnect benchmarks report. */
import type { Episode, PeerEpisode } from './episode'
import { cumulativePercent, histogram, median, peakInWindow } from './stats'

export interface HerdFigures {
  label: string
  clients: number
  endpointsPerClient: number
  sockets: number
  /** First to last accept of the initial connect. */
  initialSpreadMs: number | null
  /** Most initial accepts in any 100 ms, as a share of the sockets. */
  initialPeak: number
  outageAttempts: number
  outageAttemptsPerClient: number
  /** Attempts per client per minute of outage. */
  attemptsPerClientMinute: number
  /** Median over clients of each client's attempts during the outage (a whole number: robust to timing noise). */
  outageAttemptsMedian: number
  /** Most attempts in any 100 ms, from the cut to the end, as a share of the sockets. */
  peakAttempts: number
  /** The same, only after the server was back. */
  peakAttemptsAfterBack: number
  /** Most accepts in any 100 ms after the server was back, as a share of the sockets. */
  peakAccepts: number
  /** ms from the server's return until 50 / 95 / 100 % of the sockets were accepted again (null: never within the bound). */
  back50: number | null
  back95: number | null
  back100: number | null
  /** Sockets never accepted again within the bound. */
  neverBack: number
  /** ms until every endpoint of a client was back, 100th percentile over clients (same as back100 with one endpoint). */
  clientsBack100: number | null
  /** Per socket, ms after the server's return (sorted), for plots. */
  reconnectTimes: number[]
}

const key = (client: number, endpoint: number): number => client * 64 + endpoint

/** When `share` of `total` was reached, from sorted `times`; null if fewer than that came back. */
function timeToShare(sortedTimes: readonly number[], total: number, share: number): number | null {
  const needed = Math.max(1, Math.ceil(total * share))
  return sortedTimes[needed - 1] ?? null
}

export function herdFigures(episode: Episode, peer: PeerEpisode): HerdFigures {
  const { downAt, backAt, endAt } = episode
  const sockets = peer.clients * peer.endpoints
  const initial = peer.accepts.filter((entry) => entry.at < downAt).map((entry) => entry.at)
  const outage = peer.attempts.filter(([at]) => at >= downAt && at < backAt)
  const afterCut = peer.attempts.filter(([at]) => at >= downAt).map(([at]) => at)
  const afterBack = afterCut.filter((at) => at >= backAt)
  const firstBack = new Map<number, number>()
  const acceptsAfterBack: number[] = []
  for (const entry of peer.accepts) {
    if (entry.at < backAt) continue
    acceptsAfterBack.push(entry.at)
    const id = key(entry.client, entry.endpoint)
    if (!firstBack.has(id)) firstBack.set(id, entry.at - backAt)
  }
  const reconnectTimes = [...firstBack.values()].sort((a, b) => a - b)
  const perClient = new Map<number, { count: number; last: number }>()
  for (const [id, at] of firstBack) {
    const client = Math.floor(id / 64)
    const current = perClient.get(client) ?? { count: 0, last: 0 }
    perClient.set(client, { count: current.count + 1, last: Math.max(current.last, at) })
  }
  const complete = [...perClient.values()].filter((c) => c.count === peer.endpoints)
  const outageMinutes = (backAt - downAt) / 60_000
  const perClientAttempts = new Array<number>(peer.clients).fill(0)
  for (const [, client] of outage) perClientAttempts[client] = (perClientAttempts[client] ?? 0) + 1
  return {
    label: peer.spec.label,
    clients: peer.clients,
    endpointsPerClient: peer.endpoints,
    sockets,
    initialSpreadMs: initial.length > 0 ? Math.max(...initial) - Math.min(...initial) : null,
    initialPeak: peakInWindow(initial, 100).count / sockets,
    outageAttempts: outage.length,
    outageAttemptsPerClient: outage.length / peer.clients,
    attemptsPerClientMinute: outage.length / peer.clients / outageMinutes,
    outageAttemptsMedian: median(perClientAttempts) ?? 0,
    peakAttempts: peakInWindow(afterCut.filter((at) => at < endAt), 100).count / sockets,
    peakAttemptsAfterBack: peakInWindow(afterBack, 100).count / sockets,
    peakAccepts: peakInWindow(acceptsAfterBack, 100).count / sockets,
    back50: timeToShare(reconnectTimes, sockets, 0.5),
    back95: timeToShare(reconnectTimes, sockets, 0.95),
    back100: reconnectTimes.length === sockets ? (reconnectTimes[reconnectTimes.length - 1] ?? null) : null,
    neverBack: sockets - reconnectTimes.length,
    clientsBack100: complete.length === peer.clients ? Math.max(...complete.map((c) => c.last)) : null,
    reconnectTimes,
  }
}

/** Plot series, x in seconds relative to the server's return. */
export function herdSeries(episode: Episode, peer: PeerEpisode, figures: HerdFigures, bucketMs = 100) {
  const sockets = figures.sockets
  const from = episode.downAt - 500
  const to = episode.endAt
  const toSeconds = (t: number): number => (t - episode.backAt) / 1000
  const share = (count: number): number => (count / sockets) * 100
  const accepts = histogram(peer.accepts.map((entry) => entry.at), from, to, bucketMs).map(([t, c]): [number, number] => [toSeconds(t), share(c)])
  const attempts = histogram(peer.attempts.map(([at]) => at), from, to, bucketMs).map(([t, c]): [number, number] => [toSeconds(t), share(c)])
  const cumulative: [number, number][] = [[0, 0], ...cumulativePercent(figures.reconnectTimes, sockets).map(([t, p]): [number, number] => [t / 1000, p])]
  return { accepts, attempts, cumulative }
}
