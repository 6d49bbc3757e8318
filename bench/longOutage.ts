/**
 * long-outage — the server is down 60 s: how hard does each client knock while it waits
 * (attempts per client per minute) and how soon is it back once the server returns?
 * All libraries run at the same time (one child process each) against one server: one outage for all.
 * Usage: tsx bench/longOutage.ts [--clients 100] [--outage 60000]
 */
import { DASHBOARD_FEEDS, wsPath } from '../src/store/dashboard/feeds'
import { argNumber } from './lib/args'
import { runEpisode } from './lib/episode'
import { herdFigures } from './lib/herdFigures'
import { createHerdServer } from './lib/herdServer'
import { type ClientSpec, PEERS } from './lib/peers'
import { fmtMs, fmtNum, fmtPct, fmtRatio, histogram, quantile, ratio } from './lib/stats'
import { colorOf, figure } from './lib/svg'
import { markdownTable, resultHeader, writeResults } from './lib/table'

const clients = argNumber('clients', 100)
const dashboardClients = argNumber('dashboard-clients', 25)
const single = [{ name: 'queue', path: wsPath('queue'), priority: 1 as const }]
const dashboard = DASHBOARD_FEEDS.map((feed) => ({ name: feed.name, path: wsPath(feed.name), priority: feed.priority }))
const DASH = ' ×8'
/** What-if row (same outage, same run): the breaker opens one failure earlier. */
const EARLIER_BREAKER: ClientSpec = { label: 'ours (failureThreshold 4)', kind: 'ours', pool: { circuitBreaker: { failureThreshold: 4 } } }
const isPeer = (label: string): boolean => !label.startsWith('ours') && !label.endsWith(DASH)
const outageMs = argNumber('outage', 60_000)
const boundMs = argNumber('bound', 45_000)

async function main(): Promise<void> {
  const started = Date.now()
  const server = await createHerdServer()
  const episode = await (async () => {
    try {
      return await runEpisode(server, {
        outageMs, settleMs: 5500, boundMs,
        groups: [
          ...[...PEERS, EARLIER_BREAKER].map((spec) => ({ spec, clients, endpoints: single })),
          ...PEERS.map((spec) => ({ spec: { ...spec, label: `${spec.label}${DASH}` }, clients: dashboardClients, endpoints: dashboard })),
        ],
      })
    } finally {
      await server.close()
    }
  })()
  const results = episode.peers.map((peer) => ({ peer, figures: herdFigures(episode, peer) }))
  const oursOf = (label: string) => results.find((r) => r.figures.label === (label.endsWith(DASH) ? `ours${DASH}` : 'ours'))?.figures
  const ours = oursOf('ours')
  const singlePeers = results.filter((r) => isPeer(r.figures.label)).map((r) => r.figures)
  const bestPeer = Math.min(...singlePeers.map((f) => f.outageAttemptsMedian))
  for (const { figures: f } of results) {
    console.log(`  ${f.label.padEnd(24)} ${fmtNum(f.attemptsPerClientMinute, 1)} attempts/client/min, back p50 ${fmtMs(f.back50)}, 100 % ${fmtMs(f.back100)}, never back ${f.neverBack}`)
  }

  const rows = results.map(({ figures: f }) => [
    f.label.endsWith(DASH) ? `${f.label.slice(0, -DASH.length)} (${f.clients} clients × 8 endpoints)` : `${f.label} (${f.clients} clients × 1 endpoint)`,
    fmtNum(f.attemptsPerClientMinute, 1),
    fmtNum(f.outageAttemptsMedian),
    f.label.startsWith('ours') ? '—' : fmtRatio(ratio(f.attemptsPerClientMinute, oursOf(f.label)?.attemptsPerClientMinute ?? null)),
    fmtPct(f.peakAttempts),
    fmtMs(f.back50),
    fmtMs(f.back95),
    f.back100 === null ? `> ${fmtMs(boundMs)}` : fmtMs(f.back100),
    fmtPct(f.peakAccepts),
    String(f.neverBack),
  ])
  const earlier = results.find((r) => r.figures.label === EARLIER_BREAKER.label)?.figures
  const target = ours === undefined ? [] : [
    `Summary: attempts per client per minute ours ${fmtNum(ours.attemptsPerClientMinute, 1)} vs ${results.filter((r) => isPeer(r.figures.label)).map((r) => `${r.figures.label} ${fmtNum(r.figures.attemptsPerClientMinute, 1)}`).join(', ')}; with 8 endpoints per client ours ${fmtNum(oursOf(DASH)?.attemptsPerClientMinute ?? null, 1)} vs ${results.filter((r) => r.figures.label.endsWith(DASH) && !r.figures.label.startsWith('ours')).map((r) => `${r.figures.label.replace(DASH, '')} ${fmtNum(r.figures.attemptsPerClientMinute, 1)}`).join(', ')}; median reconnect after the return ours ${fmtMs(ours.back50)} vs ${results.filter((r) => isPeer(r.figures.label)).map((r) => `${r.figures.label} ${fmtMs(r.figures.back50)}`).join(', ')}.`,
    '',
    `Target: ${ours.outageAttemptsMedian < bestPeer ? '✅' : '❌'} fewer attempts per client during the ${outageMs / 1000} s outage than any peer (median per client, whole attempts: ours ${fmtNum(ours.outageAttemptsMedian)}, ${singlePeers.map((f) => `${f.label} ${fmtNum(f.outageAttemptsMedian)}`).join(', ')}).`,
    '',
    `Reconnect after the return, ours: median ${fmtMs(ours.back50)}. Why: with the defaults the breaker opens at the 5th failed attempt (retries at ≈ 0.05, 1.5, 4, 8.5 and 17 s after the cut: U(0, 0.1) then 1, 2, 4, 8 s + U(0, 1) each) and stays open \`recoveryTimeout\` = 60 s, so the first probe comes ≈ 77 s after the cut whatever the outage length; after a 60 s outage that is ≈ 17 s after the server's return.`,
  ]
  const markdown = resultHeader(`long-outage — server down ${outageMs / 1000} s`, [
    `${clients} clients × 1 endpoint and ${dashboardClients} clients × 8 endpoints (the dashboard shape; attempts are per client, i.e. per page) of each library, all running at once (one child process per library and shape) against one \`ws\` server that stops listening for ${outageMs / 1000} s. Attempts are counted in the clients (counting \`ws\` subclass), refused ones included. Same libraries and defaults as in [herd](herd.md).`,
    '',
    markdownTable(['client', 'attempts per client per minute of outage', 'attempts per client (median)', 'vs ours', 'peak attempts /100 ms', '50 % back', '95 % back', '100 % back', 'peak accepts /100 ms', 'never back'], rows),
    '',
    ...target,
    '',
    earlier === undefined ? '' : `What-if (same run): with \`failureThreshold: 4\` the breaker opens at ≈ 8.5 s, so ours makes ${fmtNum(earlier.outageAttemptsMedian)} attempts per client and is back ${fmtMs(earlier.back50)} (median) after the return — but an outage of 9–17 s would then also wait for the 60 s recovery timeout.`,
    '',
    '![long-outage](long-outage.svg)',
  ])
  const toSeconds = (t: number): number => (t - episode.downAt) / 1000
  const singles = results.filter((r) => !r.figures.label.endsWith(DASH))
  const attemptSeries = results.map(({ peer, figures }) => {
    // Cumulative attempts per client at the end of every 250 ms.
    let total = 0
    const points = histogram(peer.attempts.map(([at]) => at), episode.downAt, episode.endAt, 250)
      .map(([t, count]): [number, number] => { total += count; return [toSeconds(t + 250), total / peer.clients] })
    const base = figures.label.replace(DASH, '')
    return { name: figures.label, color: colorOf(base), dashed: base !== figures.label, step: true, points: [[0, 0] as [number, number], ...points] }
  })
  const backSeries = singles.map(({ figures }) => ({
    name: figures.label, color: colorOf(figures.label), step: true,
    points: [[outageMs / 1000, 0] as [number, number], ...figures.reconnectTimes.map((t, i): [number, number] => [outageMs / 1000 + t / 1000, ((i + 1) / figures.sockets) * 100])],
  }))
  const xRange: [number, number] = [0, toSeconds(episode.endAt) + 1]
  const svg = figure(`long-outage: server down ${outageMs / 1000} s (${clients} clients each)`, [
    { kind: 'line', title: 'Connection attempts per client (cumulative; dashed: 8 endpoints per client)', xLabel: 's after the server went down', yLabel: 'attempts per client', xRange, markers: [{ x: outageMs / 1000, label: 'server back' }], series: attemptSeries },
    { kind: 'line', title: 'Sockets reconnected (cumulative, 1 endpoint per client)', xLabel: 's after the server went down', yLabel: '% of sockets', xRange, yRange: [0, 100], markers: [{ x: outageMs / 1000, label: 'server back' }], series: backSeries },
  ])
  const files = writeResults('long-outage', markdown, svg)
  const medianBack = quantile(results.map((r) => r.figures.back50 ?? Number.NaN).filter(Number.isFinite), 0.5)
  console.log(`long-outage: median of the libraries' median reconnect ${fmtMs(medianBack)}; wrote ${files.join(', ')} in ${fmtMs(Date.now() - started)}`)
}

await main()
