/** Turns an outage episode's raw logs into the figures the reconnect benchmarks report. */
import { POLL, SOCKET } from './requests'
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
  /** Socket attempts during the outage (cut → listening again). */
  outageAttempts: number
  outageAttemptsPerClient: number
  /** Polls during the outage. */
  outagePolls: number
  /** Everything that knocks at the server during the outage: socket attempts + polls. */
  outageRequests: number
  requestsPerClientMinute: number
  /** Median over clients of each client's requests during the outage. */
  outageRequestsMedian: number
  /** Requests per client per minute from `OPEN_AFTER_MS` after the cut (the default breaker is open by then) to the return; null for shorter outages. */
  openRequestsPerClientMinute: number | null
  /** Most polls in any 100 ms from the cut to the end, as a share of the clients. */
  peakPolls: number
  /** Mean and max over sockets of the time from the server's return to its first accept. */
  backMean: number | null
  backMax: number | null
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
/** With the defaults the breaker opens at the 5th failed attempt, ≈ 15–19 s after the cut. */
export const OPEN_AFTER_MS = 20_000

/** When `share` of `total` was reached, from sorted `times`; null if fewer than that came back. */
function timeToShare(sortedTimes: readonly number[], total: number, share: number): number | null {
  const needed = Math.max(1, Math.ceil(total * share))
  return sortedTimes[needed - 1] ?? null
}

export function herdFigures(episode: Episode, peer: PeerEpisode): HerdFigures {
  const { downAt, backAt, endAt } = episode
  const sockets = peer.clients * peer.endpoints
  const initial = peer.accepts.filter((entry) => entry.at < downAt).map((entry) => entry.at)
  const socketRows = peer.attempts.filter((row) => row[3] === SOCKET)
  const pollRows = peer.attempts.filter((row) => row[3] === POLL)
  const requests = peer.attempts.filter(([at]) => at >= downAt && at < backAt)
  const outage = socketRows.filter(([at]) => at >= downAt && at < backAt)
  const afterCut = socketRows.filter(([at]) => at >= downAt).map(([at]) => at)
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
  const perClientRequests = new Array<number>(peer.clients).fill(0)
  for (const [, client] of requests) perClientRequests[client] = (perClientRequests[client] ?? 0) + 1
  const openFrom = downAt + OPEN_AFTER_MS
  const openMinutes = (backAt - openFrom) / 60_000
  const openRequests = requests.filter(([at]) => at >= openFrom).length
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
    outagePolls: requests.length - outage.length,
    outageRequests: requests.length,
    requestsPerClientMinute: requests.length / peer.clients / outageMinutes,
    outageRequestsMedian: median(perClientRequests) ?? 0,
    openRequestsPerClientMinute: openMinutes >= 5 / 60 ? openRequests / peer.clients / openMinutes : null,
    peakPolls: peakInWindow(pollRows.filter(([at]) => at >= downAt && at < endAt).map(([at]) => at), 100).count / peer.clients,
    backMean: reconnectTimes.length === 0 ? null : reconnectTimes.reduce((sum, t) => sum + t, 0) / reconnectTimes.length,
    backMax: reconnectTimes.length === sockets ? (reconnectTimes[reconnectTimes.length - 1] ?? null) : null,
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
