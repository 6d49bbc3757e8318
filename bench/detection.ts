/**
 * detection — how long until a client notices a silent dead socket? The reference server keeps the
 * TCP connection up but stops sending and answering (`control.silence`). Ours detects it with its
 * heartbeat (ping every `interval`, dead after `timeout` without a frame); the peers have no heartbeat.
 * Usage: tsx bench/detection.ts [--clients 20] [--bound 12000]
 */
import { WebSocket } from 'ws'
import { startServer } from '../server/createServer'
import { argNumber } from './lib/args'
import { sleep, until } from './lib/child'
import { type BenchClient, type ClientSpec, createBenchClient } from './lib/peers'
import { cumulativePercent, fmtMs, fmtNum, quantile } from './lib/stats'
import { CLIENT_COLORS, figure } from './lib/svg'
import { markdownTable, resultHeader, writeResults } from './lib/table'

const clients = argNumber('clients', 20)
const boundMs = argNumber('bound', 12_000)
const spreadMs = 5000

const GROUPS: { spec: ClientSpec; budgetMs: number | null }[] = [
  { spec: { label: 'ours (heartbeat 2 s + 1 s)', kind: 'ours', pool: { heartbeat: { interval: 2000, timeout: 1000 } } }, budgetMs: 3000 },
  { spec: { label: 'ours (heartbeat 5 s + 2 s)', kind: 'ours', pool: { heartbeat: { interval: 5000, timeout: 2000 } } }, budgetMs: 7000 },
  { spec: { label: 'partysocket', kind: 'partysocket' }, budgetMs: null },
  { spec: { label: 'reconnecting-websocket', kind: 'reconnecting-websocket' }, budgetMs: null },
  { spec: { label: 'naive', kind: 'naive' }, budgetMs: null },
]

interface Tracked { group: number; openedAt: number | null; lostAt: number | null; client: BenchClient | null }

async function main(): Promise<void> {
  const started = Date.now()
  const server = await startServer({ port: 0, control: true, updateIntervalMs: 500, idlePingMs: 3_600_000, maxConnections: 10_000, maxConnectionsPerEndpoint: 10_000 })
  const tracked: Tracked[] = []
  let silencedAt = Number.POSITIVE_INFINITY
  let measuring = true
  try {
    const url = `${server.wsBase}/api/v1/ws/queue`
    // Start times spread over 5 s, so each heartbeat's phase relative to the silence is random.
    const starts = GROUPS.flatMap((_, group) => Array.from({ length: clients }, () => ({ group, at: Math.random() * spreadMs })))
    const t0 = Date.now()
    for (const { group, at } of starts.sort((a, b) => a.at - b.at)) {
      await sleep(Math.max(0, t0 + at - Date.now()))
      const entry: Tracked = { group, openedAt: null, lostAt: null, client: null }
      tracked.push(entry)
      entry.client = createBenchClient(GROUPS[group]?.spec ?? { label: '?', kind: 'naive' }, [{ name: 'queue', url, priority: 1 }], WebSocket, {
        opened: () => { entry.openedAt ??= Date.now() },
        lost: () => { if (measuring && Date.now() >= silencedAt) entry.lostAt ??= Date.now() },
      })
    }
    await until(() => tracked.every((t) => t.openedAt !== null), 10_000)
    await sleep(3000)
    silencedAt = Date.now()
    server.control.silence('*', true)
    await until(() => tracked.every((t, i) => t.lostAt !== null || GROUPS[tracked[i]?.group ?? 0]?.budgetMs === null), boundMs)
    await sleep(Math.max(0, silencedAt + boundMs - Date.now()))
  } finally {
    measuring = false // closing the clients below is not "noticing"
    server.control.silence('*', false)
    for (const t of tracked) t.client?.close()
    await server.close()
  }

  const results = GROUPS.map(({ spec, budgetMs }, group) => {
    const mine = tracked.filter((t) => t.group === group)
    const times = mine.flatMap((t) => (t.lostAt === null ? [] : [t.lostAt - silencedAt]))
    return { spec, budgetMs, n: mine.length, times, within: budgetMs === null ? null : times.filter((t) => t <= budgetMs + 100).length }
  })
  const rows = results.map((r) => [
    r.spec.label,
    r.budgetMs === null ? 'none (no heartbeat)' : fmtMs(r.budgetMs),
    `${r.times.length}/${r.n}`,
    fmtMs(quantile(r.times, 0.5)),
    fmtMs(quantile(r.times, 0.95)),
    r.times.length === 0 ? `never (> ${fmtMs(boundMs)})` : fmtMs(Math.max(...r.times)),
    r.within === null ? '—' : `${r.within}/${r.n}`,
  ])
  for (const r of results) console.log(`  ${r.spec.label.padEnd(28)} noticed ${r.times.length}/${r.n}, median ${fmtMs(quantile(r.times, 0.5))}, max ${r.times.length ? fmtMs(Math.max(...r.times)) : 'never'}`)
  const markdown = resultHeader('detection — noticing a silent dead socket', [
    `${clients} clients of each kind on the reference server (\`server/createServer.ts\`, updates every 500 ms), started at random over ${spreadMs / 1000} s so heartbeat phases are random; all up ≥ 3 s, then \`control.silence('*', true)\`: the TCP connection stays up but nothing is sent or answered (a half-dead peer, e.g. a stuck proxy). "Noticed" = the client's socket is declared gone (ours: status leaves \`connected\` after the heartbeat timeout, close 4000; peers: a \`close\` event). Bound: ${fmtMs(boundMs)} after the silence. Expected for ours: between \`timeout\` and \`interval + timeout\` (the next ping comes at a random phase).`,
    '',
    markdownTable(['client', 'configured interval + timeout', 'noticed', 'median', 'p95', 'max', 'within interval + timeout'], rows),
    '',
    ...results.filter((r) => r.budgetMs !== null).map((r) => `Target: ${r.within === r.n ? '✅' : '❌'} ${r.spec.label} notices every silent socket within interval + timeout (${fmtMs(r.budgetMs)}, +100 ms timer slack): ${r.within}/${r.n}.`),
    '',
    'partysocket, reconnecting-websocket and the naive client have no application heartbeat: a silent socket looks connected to them until TCP itself gives up (minutes to hours with default keepalive), so they never notice within the bound. socket.io-client and centrifuge do have heartbeats, but only against their own servers/protocols, so they cannot be run against this plain WebSocket endpoint.',
    '',
    '![detection](detection.svg)',
  ])
  const svg = figure('detection: time to notice a silent socket', [{
    kind: 'line', title: 'clients that noticed (cumulative)', xLabel: 's after the server went silent', yLabel: '% of clients',
    xRange: [0, boundMs / 1000], yRange: [0, 100],
    markers: results.flatMap((r) => (r.budgetMs === null ? [] : [{ x: r.budgetMs / 1000, label: `${r.spec.label.replace('ours ', '')} bound` }])),
    series: results.map((r, i) => ({
      name: r.times.length === 0 ? `${r.spec.label} (never)` : r.spec.label,
      color: r.spec.kind === 'ours' ? (i === 0 ? CLIENT_COLORS.ours : '#17a398') : CLIENT_COLORS[r.spec.kind],
      step: true,
      points: [[0, 0] as [number, number], ...cumulativePercent(r.times, r.n).map(([t, p]): [number, number] => [t / 1000, p]), [boundMs / 1000, (r.times.length / Math.max(1, r.n)) * 100]],
    })),
  }])
  const files = writeResults('detection', markdown, svg)
  console.log(`detection: ${fmtNum(results.length)} groups; wrote ${files.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

await main()
