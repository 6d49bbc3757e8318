/**
 * long-outage — the server is down 20 s and 60 s (and 5 min with `--long`): how hard does each client
 * knock while it waits (socket attempts AND polls: every request that reaches the server's host) and
 * how soon is every feed back once the server returns? All clients of one outage run at the same time
 * (one child process per library and shape) against one server: one outage for all of them.
 * Usage: tsx bench/longOutage.ts [--clients 50] [--dashboard-clients 100] [--peer-dashboard-clients 10] [--long] [--outage 60000]
 */
import { DASHBOARD_FEEDS, wsPath } from '../src/store/dashboard/feeds'
import { argFlag, argNumber, argValue } from './lib/args'
import { runEpisode, type Episode, type PeerEpisode } from './lib/episode'
import { herdFigures, OPEN_AFTER_MS, type HerdFigures } from './lib/herdFigures'
import { createHerdServer } from './lib/herdServer'
import { type ClientSpec, PEERS } from './lib/peers'
import { POLL } from './lib/requests'
import { fmtMs, fmtNum, histogram } from './lib/stats'
import { colorOf, figure, type LinePanel } from './lib/svg'
import { markdownTable, resultHeader, writeResults } from './lib/table'

const clients = argNumber('clients', 50)
const dashboardClients = argNumber('dashboard-clients', 100)
const peerDashboardClients = argNumber('peer-dashboard-clients', 10)
const single = [{ name: 'queue', path: wsPath('queue'), priority: 1 as const }]
const dashboard = DASHBOARD_FEEDS.map((feed) => ({ name: feed.name, path: wsPath(feed.name), priority: feed.priority }))
const outages = argValue('outage') !== undefined ? [argNumber('outage', 60_000)] : [20_000, 60_000, ...(argFlag('long') ? [300_000] : [])]
/** Long enough for ours without polls after a 20 s outage (first probe ≈ 77 s after the cut). */
const boundMs = argNumber('bound', 70_000)

/** The dashboard's real shape: 8 feeds, each with its poll URL (`dashboardEndpoints`), library defaults. */
const POLLED = 'ours, polling on'
const OURS_POLLED: ClientSpec = { label: POLLED, kind: 'ours', poll: true }
/** Without a poll URL the breaker alone decides: requests vs recovery time over `recoveryTimeout`. */
const RECOVERY_TIMEOUTS = [10_000, 20_000, 30_000] as const
const recoveryLabel = (ms: number): string => `ours, no polls, recoveryTimeout ${ms / 1000} s`
const RECOVERY_VARIANTS: ClientSpec[] = RECOVERY_TIMEOUTS.map((ms) => ({ label: recoveryLabel(ms), kind: 'ours', pool: { circuitBreaker: { recoveryTimeout: ms } } }))

interface Row { shape: '×1' | '×8'; figures: HerdFigures; episode: Episode; peer: PeerEpisode }
interface OutageResult { outageMs: number; rows: Row[] }

async function runOutage(outageMs: number): Promise<OutageResult> {
  const server = await createHerdServer()
  try {
    // Two episodes of the same length, one after the other on the same server: ours in the dashboard's
    // shapes, then every library side by side. Twelve client processes at once starve each other on 2 cores.
    const oursGroups = [
      { spec: OURS_POLLED, clients: dashboardClients, endpoints: dashboard },
      { spec: PEERS[0] ?? OURS_POLLED, clients: peerDashboardClients, endpoints: dashboard },
      ...RECOVERY_VARIANTS.map((spec) => ({ spec, clients: peerDashboardClients, endpoints: dashboard })),
    ]
    const peerGroups = [
      ...PEERS.map((spec) => ({ spec, clients, endpoints: single })),
      ...PEERS.slice(1).map((spec) => ({ spec, clients: peerDashboardClients, endpoints: dashboard })),
    ]
    const rows: Row[] = []
    for (const groups of [oursGroups, peerGroups]) {
      const episode = await runEpisode(server, { outageMs, settleMs: 5500, boundMs, groups })
      for (const peer of episode.peers) rows.push({ shape: peer.endpoints > 1 ? '×8' : '×1', figures: herdFigures(episode, peer), episode, peer })
    }
    for (const { shape, figures: f } of rows) {
      console.log(`  ${outageMs / 1000} s ${shape} ${f.label.padEnd(40)} ${fmtNum(f.outageRequestsMedian)} requests/client (${fmtNum(f.requestsPerClientMinute, 1)}/min, polls ${fmtNum(f.outagePolls)}), back mean ${fmtMs(f.backMean)}, max ${fmtMs(f.backMax)}, never back ${f.neverBack}`)
    }
    return { outageMs, rows }
  } finally {
    await server.close()
  }
}

const verdict = (ok: boolean): string => (ok ? '✅' : '❌')
const seconds = (ms: number): string => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`)
const back = (f: HerdFigures): [string, string] => [fmtMs(f.backMean), f.backMax === null ? `> ${fmtMs(boundMs)} (${f.neverBack} never back)` : fmtMs(f.backMax)]

function outageTable(result: OutageResult): string {
  const rows = result.rows.map(({ shape, figures: f }) => [
    `${f.label} (${f.clients} clients ${shape === '×8' ? '× 8 feeds' : '× 1 socket'})`,
    fmtNum(f.outageRequestsMedian),
    fmtNum(f.outagePolls / f.clients, 1),
    fmtNum(f.requestsPerClientMinute, 1),
    f.openRequestsPerClientMinute === null ? '—' : fmtNum(f.openRequestsPerClientMinute, 1),
    ...back(f),
    fmtMs(f.back95),
  ])
  return markdownTable(['client', 'requests per client during the outage (median; sockets + polls)', 'of which polls (mean per client)', 'requests per client per minute during the outage', `… from ${OPEN_AFTER_MS / 1000} s after the cut (circuit open)`, 'back after the server\'s return: mean', 'max', '95 %'], rows)
}

function summary(results: readonly OutageResult[]): string[] {
  const lines: string[] = []
  const ours = (r: OutageResult) => r.rows.find((row) => row.figures.label === POLLED)?.figures
  const header = ['outage', 'requests per client during the outage (median; sockets + polls)', 'requests per client per minute during the outage', `… from ${OPEN_AFTER_MS / 1000} s (circuit open)`, 'back after the server\'s return: mean over feeds', 'max']
  const rows = results.flatMap((r) => {
    const f = ours(r)
    return f === undefined ? [] : [[seconds(r.outageMs), fmtNum(f.outageRequestsMedian), fmtNum(f.requestsPerClientMinute, 1), f.openRequestsPerClientMinute === null ? '—' : fmtNum(f.openRequestsPerClientMinute, 1), ...back(f)]]
  })
  lines.push(`### The dashboard's real shape: ${dashboardClients} clients × 8 feeds with polling on (library defaults)`, '', markdownTable(header, rows), '', 'Targets (issue 11):')
  for (const r of results) {
    const f = ours(r)
    if (f === undefined) continue
    const length = seconds(r.outageMs)
    if (r.outageMs === 60_000) lines.push(`- ${verdict(f.outageRequestsMedian <= 12)} ≤ 12 requests per client over the 60 s outage: ${fmtNum(f.outageRequestsMedian)}`)
    if (r.outageMs === 300_000) lines.push(`- ${verdict(f.outageRequestsMedian <= 36)} ≤ 36 requests per client over the 5 min outage: ${fmtNum(f.outageRequestsMedian)}`)
    if (f.openRequestsPerClientMinute !== null && r.outageMs >= 60_000) lines.push(`- ${verdict(f.openRequestsPerClientMinute <= 6)} ≤ 6 requests per client per minute once the circuit is open (${length}): ${fmtNum(f.openRequestsPerClientMinute, 1)}`)
    lines.push(`- ${verdict(f.backMean !== null && f.backMean <= 5000)} every feed back on average ≤ 5 s after the return (${length}): ${fmtMs(f.backMean)}`)
    lines.push(`- ${verdict(f.backMax !== null && f.backMax <= 10_000)} … and at most ≤ 10 s (${length}): ${f.backMax === null ? `not all within ${fmtMs(boundMs)}` : fmtMs(f.backMax)}`)
  }
  return lines
}

function recoveryTable(results: readonly OutageResult[]): string {
  const variants = [...RECOVERY_TIMEOUTS.map((ms) => ({ label: recoveryLabel(ms), name: seconds(ms) })), { label: 'ours', name: '60 s (default)' }]
  const header = ['recoveryTimeout (no poll URL, 8 feeds)', ...results.flatMap((r) => [`${seconds(r.outageMs)}: requests per client`, 'back mean', 'back max'])]
  const rows = variants.map(({ label, name }) => [
    name,
    ...results.flatMap((r) => {
      const f = r.rows.find((row) => row.shape === '×8' && row.figures.label === label)?.figures
      return f === undefined ? ['n/a', 'n/a', 'n/a'] : [fmtNum(f.outageRequestsMedian), ...back(f)]
    }),
  ])
  return markdownTable(header, rows)
}

function panels(result: OutageResult): LinePanel[] {
  const { outageMs } = result
  const end = Math.max(...result.rows.map((row) => (row.episode.endAt - row.episode.downAt) / 1000))
  const xRange: [number, number] = [0, end + 1]
  const markers = [{ x: outageMs / 1000, label: 'server back' }]
  const series = result.rows.map(({ episode, peer, figures }, index) => {
    const label = figures.label
    const toSeconds = (t: number): number => (t - episode.downAt) / 1000
    let total = 0
    const points = histogram(peer.attempts.map(([at]) => at), episode.downAt, episode.endAt, 250)
      .map(([t, count]): [number, number] => { total += count; return [toSeconds(t + 250), total / peer.clients] })
    return { name: `${label}${peer.endpoints > 1 ? ' ×8' : ''}`, color: colorOf(label, index), dashed: peer.endpoints > 1, step: true, points: [[0, 0] as [number, number], ...points] }
  })
  const polledRow = result.rows.find((row) => row.figures.label === POLLED)
  const polled = polledRow?.peer
  const toSeconds = (t: number): number => (t - (polledRow?.episode.downAt ?? 0)) / 1000
  return [
    { kind: 'line', title: `${seconds(outageMs)} outage: requests per client, sockets + polls (cumulative; dashed: 8 feeds)`, xLabel: 's after the server went down', yLabel: 'requests per client', xRange, markers, series },
    {
      kind: 'line', title: `${seconds(outageMs)} outage, ${POLLED} (8 feeds): polls per 250 ms, per client`, xLabel: 's after the server went down', yLabel: 'polls per client', xRange, markers,
      series: polled === undefined ? [] : [{ name: POLLED, color: colorOf('ours'), step: true, points: histogram(polled.attempts.filter((row) => row[3] === POLL).map(([at]) => at), polledRow?.episode.downAt ?? 0, polledRow?.episode.endAt ?? 0, 250).map(([t, c]): [number, number] => [toSeconds(t), c / polled.clients]) }],
    },
  ]
}

async function main(): Promise<void> {
  const started = Date.now()
  const results: OutageResult[] = []
  for (const outageMs of outages) results.push(await runOutage(outageMs))
  const method = [
    `Per outage length, two episodes of that length one after the other on the same server — ours in the dashboard shapes (polled, and without polls over \`recoveryTimeout\`), then every library side by side (ours and the peers, one socket; the peers with 8 sockets) — each with all its clients at once (one child process per library and shape) against one \`ws\` + HTTP server (\`bench/lib/herdServer.ts\`) that **really stops listening** for the outage. **Requests = socket attempts + HTTP polls**, both counted in the clients (a counting \`ws\` subclass and a counting \`fetch\`), refused ones included: every request that reaches the server's host — what a server behind a proxy would have to answer. Outage lengths: ${outages.map(seconds).join(', ')}${argFlag('long') ? '' : ' (`--long` adds 5 min)'}; real time, no time scale.`,
    `Shapes: ${clients} clients × 1 socket per library; the dashboard's real shape — ${dashboardClients} clients × 8 feeds with polling on, as \`dashboardEndpoints\` configures them (poll URL per feed, 5 s interval) — for ours; ${peerDashboardClients} clients × 8 sockets for the peers (they have no polling) and for ours without poll URLs. Library defaults (\`recoveryTimeout\` 60 s) unless the label says otherwise.`,
    `"Back" = per feed (socket), the first accept after the server's return; mean and max over every socket of the group; bound ${fmtMs(boundMs)}. "From ${OPEN_AFTER_MS / 1000} s" counts requests between ${OPEN_AFTER_MS / 1000} s after the cut (ours' breaker opens at ≈ 15–19 s with the defaults) and the return.`,
  ]
  const body = results.flatMap((r) => [`## Server down ${seconds(r.outageMs)}`, '', outageTable(r), ''])
  const markdown = resultHeader(`long-outage — server down ${outages.map(seconds).join(', ')}`, [
    ...method.flatMap((paragraph) => [paragraph, '']),
    ...summary(results), '',
    '### Without a poll URL: requests vs recovery time over `recoveryTimeout` (8 feeds, shared recovery)', '',
    recoveryTable(results), '',
    'Without polls nothing tells the client that the server is back: the half-open probe comes `recoveryTimeout` after the breaker opened (≈ 17 s + `recoveryTimeout` after the cut), then every `recoveryTimeout` + ≈ 3 s (3 probes). A shorter timeout buys recovery time with requests; polls buy both.', '',
    ...body,
    '![long-outage](long-outage.svg)',
  ])
  const svg = figure(`long-outage: requests (sockets + polls) per client; server down ${outages.map(seconds).join(', ')}`, results.flatMap(panels))
  const files = writeResults('long-outage', markdown, svg)
  console.log(`long-outage: wrote ${files.join(', ')} in ${fmtMs(Date.now() - started)}`)
}

await main()
