/**
 * herd — N clients per library against one real `ws` server that goes down for 3 s and comes back.
 * Shapes: N clients × 1 endpoint, and the dashboard: M clients × 8 endpoints on one host.
 * Libraries run one after another (fresh child process each), same server, same run.
 * Usage: tsx bench/herd.ts [--clients 500] [--dashboard-clients 100] [--outage 3000]
 */
import { DASHBOARD_FEEDS, wsPath } from '../src/store/dashboard/feeds'
import { runEpisode, type Episode } from './lib/episode'
import { herdFigures, herdSeries, type HerdFigures } from './lib/herdFigures'
import { createHerdServer } from './lib/herdServer'
import { type ClientSpec, PEERS } from './lib/peers'
import { fmtMs, fmtNum, fmtPct, fmtRatio, ratio } from './lib/stats'
import { colorOf, figure, type LinePanel } from './lib/svg'
import { markdownTable, resultHeader, writeResults } from './lib/table'
import { argFlag, argNumber } from './lib/args'
import type { Priority } from '../src/transport'

const clients = argNumber('clients', 500)
const dashboardClients = argNumber('dashboard-clients', 100)
const outageMs = argNumber('outage', 3000)
const boundMs = argNumber('bound', 40_000)
/** rws and partysocket reset their backoff only after 5 s of uptime: connections must be older than that. */
const settleMs = 5500

interface ShapeResult { shape: string; episodes: { episode: Episode; figures: HerdFigures }[] }

type Endpoints = { name: string; path: string; priority: Priority }[]
const single: Endpoints = [{ name: 'queue', path: wsPath('queue'), priority: 1 }]
const dashboard: Endpoints = DASHBOARD_FEEDS.map((feed) => ({ name: feed.name, path: wsPath(feed.name), priority: feed.priority }))

async function runShape(shape: string, specs: readonly ClientSpec[], count: number, endpoints: Endpoints): Promise<ShapeResult> {
  const server = await createHerdServer()
  const episodes: ShapeResult['episodes'] = []
  try {
    for (const spec of specs) {
      const episode = await runEpisode(server, { groups: [{ spec, clients: count, endpoints }], outageMs, settleMs, boundMs })
      const peer = episode.peers[0]
      if (peer === undefined) continue
      const figures = herdFigures(episode, peer)
      episodes.push({ episode, figures })
      console.log(`  ${shape} ${spec.label.padEnd(24)} outage attempts ${fmtNum(figures.outageAttempts)}, peak accepts/100ms ${fmtPct(figures.peakAccepts)}, back 95 % ${fmtMs(figures.back95)}, 100 % ${fmtMs(figures.back100)}, never back ${figures.neverBack}`)
    }
  } finally {
    await server.close()
  }
  return { shape, episodes }
}

const verdict = (ok: boolean): string => (ok ? '✅' : '❌')

function table(result: ShapeResult): string {
  const ours = result.episodes.find((e) => e.figures.label === 'ours')?.figures
  const rows = result.episodes.map(({ figures: f }) => [
    f.label,
    `${fmtNum(f.outageRequests)} (${fmtNum(f.outageRequests / f.clients, 1)}/client; polls ${fmtNum(f.outagePolls)})`,
    fmtPct(f.peakPolls),
    fmtPct(f.peakAttempts),
    fmtPct(f.peakAccepts),
    fmtMs(f.back50),
    fmtMs(f.back95),
    f.back100 === null ? `> ${fmtMs(boundMs)}` : fmtMs(f.back100),
    f.endpointsPerClient > 1 ? (f.clientsBack100 === null ? 'n/a' : fmtMs(f.clientsBack100)) : '—',
    String(f.neverBack),
    `${fmtMs(f.initialSpreadMs)} / ${fmtPct(f.initialPeak, 0)}`,
    f.label === 'ours' || ours === undefined ? '—' : fmtRatio(ratio(f.outageAttempts, ours.outageAttempts)),
    f.label === 'ours' || ours === undefined ? '—' : fmtRatio(ratio(f.peakAccepts, ours.peakAccepts)),
  ])
  return markdownTable(
    ['client', 'requests during the outage (sockets + polls)', 'peak polls /100 ms (% of clients)', 'peak attempts /100 ms', 'peak accepts /100 ms', '50 % back', '95 % back', '100 % back', 'client fully back (all endpoints)', 'never back', 'initial connect: spread / peak per 100 ms', 'outage attempts vs ours', 'peak accepts vs ours'],
    rows,
  )
}

function targets(result: ShapeResult): string {
  const ours = result.episodes.find((e) => e.figures.label === 'ours')?.figures
  if (ours === undefined) return ''
  const others = result.episodes.filter((e) => e.figures.label !== 'ours').map((e) => e.figures)
  const polled = result.episodes.find((e) => e.figures.label === POLLED.label)?.figures
  const lines = (f: HerdFigures): string[] => [
    `Targets for ${f.label} (${result.shape}):`,
    `- ${verdict(f.peakAccepts <= 0.08)} peak accepts per 100 ms ≤ 8 % of sockets: ${fmtPct(f.peakAccepts)}`,
    `- ${verdict(f.back95 !== null && f.back95 <= 3000)} 95 % back within 3 s of the server's return: ${fmtMs(f.back95)}`,
    `- ${verdict(f.back100 !== null && f.back100 <= 5000)} 100 % back within 5 s: ${f.back100 === null ? `not within ${fmtMs(boundMs)}` : fmtMs(f.back100)}`,
    ...(f === polled ? [`- ${verdict(f.peakPolls <= 0.08)} polls obey the same spread: peak polls per 100 ms ≤ 8 % of clients: ${fmtPct(f.peakPolls)} (${fmtNum(f.outagePolls)} polls during the outage)`] : []),
  ]
  return [
    `Summary (${result.shape}): peak accepts/100 ms ours ${fmtPct(ours.peakAccepts)} vs ${others.map((f) => `${f.label} ${fmtPct(f.peakAccepts)}`).join(', ')}; requests (sockets + polls) during the outage ours ${fmtNum(ours.outageRequests)} vs ${others.map((f) => `${f.label} ${fmtNum(f.outageRequests)}`).join(', ')}.`,
    '',
    ...lines(ours),
    ...(polled === undefined ? [] : ['', ...lines(polled)]),
  ].join('\n')
}

function panels(result: ShapeResult): LinePanel[] {
  const series = result.episodes.map(({ episode, figures }) => ({ figures, ...herdSeries(episode, episode.peers[0] ?? { spec: { label: '', kind: 'ours' }, clients: 0, endpoints: 0, createdAt: 0, attempts: [], accepts: [], polls: [] }, figures) }))
  const finish = series.map((s) => s.figures.back100 ?? s.figures.back95).filter((t): t is number => t !== null)
  const xMax = Math.min(boundMs / 1000, 15, Math.max(6, ...finish.map((t) => t / 1000 + 1)))
  const xRange: [number, number] = [-outageMs / 1000 - 0.5, xMax]
  const variants = result.episodes.map((e) => e.figures.label).filter((label) => !PEERS.some((p) => p.label === label))
  const color = (label: string): string => colorOf(label, variants.indexOf(label))
  const n = result.episodes[0]?.figures.sockets ?? 0
  return [
    {
      kind: 'line', title: `${result.shape}: sockets reconnected (cumulative)`, xLabel: 's after the server is back', yLabel: '% of sockets',
      xRange, yRange: [0, 100], markers: [{ x: 0, label: 'server back' }, { x: -outageMs / 1000, label: 'server down' }],
      series: series.map((s) => ({ name: s.figures.label, points: s.cumulative, color: color(s.figures.label), step: true })),
    },
    {
      kind: 'line', title: `${result.shape}: accepted connections per 100 ms (% of ${n} sockets)`, xLabel: 's after the server is back', yLabel: '% of sockets per 100 ms',
      xRange, yRange: [0, 100], markers: [{ x: 0, label: 'server back' }], guides: [{ y: 8, label: 'target 8 %' }],
      series: series.map((s) => ({ name: s.figures.label, points: s.accepts, color: color(s.figures.label), step: true })),
    },
    {
      kind: 'line', title: `${result.shape}: connection attempts per 100 ms (% of sockets; refused ones included)`, xLabel: 's after the server is back', yLabel: '% of sockets per 100 ms',
      xRange, yRange: [0, 100], markers: [{ x: 0, label: 'server back' }, { x: -outageMs / 1000, label: 'server down' }],
      series: series.map((s) => ({ name: s.figures.label, points: s.attempts, color: color(s.figures.label), step: true })),
    },
  ]
}

/** The dashboard's real shape: every endpoint with its poll URL (`dashboardEndpoints`). */
const POLLED: ClientSpec = { label: 'ours (polling on)', kind: 'ours', poll: true }
/** In-run control for the dashboard shape: the same pool without shared recovery (8 independent schedules). */
const NO_SHARING: ClientSpec = { label: 'ours (sharedRecovery off)', kind: 'ours', pool: { sharedRecovery: false } }
/** What-if row in every run: the only default that sets the herd peak is jitterMax (peak ≈ 1 / jitterMax per s). */
const WIDER_JITTER: ClientSpec = { label: 'ours (jitterMax 1500)', kind: 'ours', pool: { reconnect: { jitterMax: 1500 } } }
/** `--variants`: other jitter modes of ours. */
const VARIANTS: ClientSpec[] = [
  { label: "ours (jitter 'full')", kind: 'ours', pool: { reconnect: { jitter: 'full' } } },
  { label: "ours (jitter 'decorrelated')", kind: 'ours', pool: { reconnect: { jitter: 'decorrelated' } } },
]

async function main(): Promise<void> {
  const started = Date.now()
  const shapes = [
    await runShape(`${clients} clients × 1 endpoint`, [...PEERS, POLLED, WIDER_JITTER, ...(argFlag('variants') ? VARIANTS : [])], clients, single),
    await runShape(`${dashboardClients} clients × 8 endpoints`, [...PEERS, POLLED, NO_SHARING], dashboardClients, dashboard),
  ]
  const method = [
    `Server down ${outageMs / 1000} s, then back on the same port. Clients of each library run one after another, each in a fresh child process, against the same server code (\`bench/lib/herdServer.ts\`, a plain \`ws\` server).`,
    `During the outage the server **really stops listening** (the kernel refuses connects), so requests are counted on the client side: every socket is built through a counting \`ws\` subclass (\`bench/lib/countingSocket.ts\`) and every poll goes through a counting \`fetch\`; "requests" = socket attempts + polls, refused ones included (every request that reaches the server's host). Accepts are logged by the server with the client id from the URL. Sockets are cut with a TCP reset-like terminate (clients see 1006), after every socket has been up ${settleMs / 1000} s (so rws/partysocket have reset their backoff).`,
    `Libraries with their defaults: ours = \`createConnectionPool\` defaults (one pool per client; in the dashboard shape one pool of 8 endpoints with shared recovery); partysocket 1.3 (\`partysocket/ws\`); reconnecting-websocket 4.4 (its \`minReconnectionDelay\` default is \`1000 + U(0, 4000)\` drawn once per module load, i.e. per page: each simulated client gets its own draw, as N separate pages would); naive = reconnect after \`1000·2ⁿ\` ms, no jitter, 30 s cap. Peers open 8 independent sockets per client in the dashboard shape.`,
    `"ours (polling on)" gives every endpoint its poll URL, as \`dashboardEndpoints\` does; in a 3 s outage its circuits never open (5 failures take ≈ 17 s), so it does not poll — the row shows that polling costs the herd nothing. Percent figures are of sockets (clients × endpoints), peak polls of clients. "Back" = first accept of a socket after the server's return. Bound: ${boundMs / 1000} s. "ours (sharedRecovery off)" is an in-run control: the same pool with every endpoint on its own schedule, to show what shared recovery saves. "ours (jitterMax 1500)" is a what-if row: the defaults with a wider additive jitter (\`--variants\` adds \`jitter: 'full'\` and \`'decorrelated'\`).`,
    `Caveats: a 3 s outage is exactly partysocket's fixed first delay (3000 ms) and the naive client's second retry (1 s + 2 s), so both happen to retry right after the server is back; with a slightly longer outage they would miss it and come back at ≈ 6.9 s / 7 s, again as one herd. "Initial connect spread" mostly shows how fast one Node process builds N clients (ours: ≈ 0.6 ms of synchronous work per \`connect()\` in a cold process, vs ≈ 0.13 ms for the naive client), not a per-browser behaviour.`,
  ]
  const body = shapes.flatMap((result) => [`## ${result.shape}`, '', table(result), '', targets(result), ''])
  const markdown = resultHeader('herd — server restart after a 3 s outage', [...method, '', ...body, '![herd](herd.svg)'])
  const svg = figure('herd: server down 3 s, then back', shapes.flatMap(panels))
  const files = writeResults('herd', markdown, svg)
  console.log(`herd: wrote ${files.join(', ')} in ${fmtMs(Date.now() - started)}`)
}

await main()
