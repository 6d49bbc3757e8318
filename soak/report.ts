import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { NODE_CLIENT_PROFILE, PAGE_QUERY } from './config'
import { RECONNECT_BLOCKING, TEARDOWN_HEAP_LIMIT_MB, type Distribution, type SoakFigures } from './figures'
import type { SoakRun } from './soak'

const pct = (value: number | null): string => (value === null ? 'n/a' : `${(value * 100).toFixed(2)} %`)
const ms = (value: number | null): string => (value === null ? 'n/a' : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`)
const num = (value: number | null, digits = 2): string => (value === null ? 'n/a' : value.toFixed(digits))
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`
const mark = (ok: boolean | null): string => (ok === null ? '–' : ok ? 'yes' : '**no**')
const dist = (d: Distribution): string => (d.count === 0 ? 'none' : `n=${d.count}, p50 ${ms(d.p50)}, p95 ${ms(d.p95)}, max ${ms(d.max)}, <5 s ${pct(d.under5s)}`)

/** The page's recovery per reconnect-blocking fault kind: p50 / max and how many. */
function pagePerKind(f: SoakFigures): string {
  const rows = f.recovery.byKind.filter((row) => RECONNECT_BLOCKING.has(row.kind) && row.browser.count > 0)
  return rows.length === 0 ? 'none' : rows.map((row) => `${row.kind} p50 ${ms(row.browser.p50)} / max ${ms(row.browser.max)} (n=${row.browser.count})`).join(', ')
}

/** The markdown report of one run. */
export function renderMarkdown(run: SoakRun, f: SoakFigures): string {
  const { config } = run
  const promises: [string, string, boolean | null][] = [
    ['connection success rate > 99 %', `${pct(f.connection.normalRate)} of ${f.connection.normal.succeeded + f.connection.normal.failed} attempts while the server accepted (Node clients); during injected outages ${pct(f.connection.outageRate)} (expected to fail)`, f.connection.normalRate === null ? null : f.connection.normalRate > 0.99],
    ['reconnection < 5 s', `after faults that block reconnecting until lifted (${[...RECONNECT_BLOCKING].join(', ')}) — Node: ${dist(f.recovery.node)}; the page (library defaults: recoveryTimeout 60 s, polls every 5 s): ${dist(f.recovery.browser)}; the page per fault: ${pagePerKind(f)}`, f.recovery.node.p95 === null ? null : f.recovery.node.p95 < 5000 && (f.recovery.browser.p95 === null || f.recovery.browser.p95 < 5000)],
    ['circuit recovery > 90 %', `Node: ${f.circuits.node.recovered}/${f.circuits.node.opened} opened circuits closed again by themselves (${pct(f.circuits.node.rate)}; ${f.circuits.node.reopened} failed half-open probes re-opened one)${f.circuits.browser ? `; browser ${f.circuits.browser.recovered}/${f.circuits.browser.opened}` : ''}`, f.circuits.node.rate === null ? null : f.circuits.node.rate > 0.9],
    ['memory growth < 10 MB/day (per app instance)', `Node: the ${config.clients} stores held ${num(f.memory.footprintStartMB)} MB after connecting and ${num(f.memory.footprintEndMB)} MB at the end → ${num(f.memory.footprintPerStoreMBPerDay)} MB/day per store (heap with − without them, after GC); browser page: ${num(f.memory.browserMBPerDay)} MB/day (regression over the second half); all ${config.clients} stores collected after disconnect: ${run.handles.storesRetained === 0 ? 'yes' : 'no'}`, f.memory.footprintPerStoreMBPerDay === null ? null : f.memory.footprintPerStoreMBPerDay < 10 && (f.memory.browserMBPerDay === null || f.memory.browserMBPerDay < 10)],
    ['no lost updates', `${f.updates.lost} lost, ${f.updates.duplicated} duplicated, ${f.updates.stale} stale of ${f.updates.messages} messages; ${f.consistency.mismatches} mismatches in ${f.consistency.checks} checks, final ${f.consistency.finalMismatches}`, f.updates.lost + f.updates.duplicated + f.updates.stale === 0 && f.consistency.mismatches === 0],
  ]
  const lines = [
    `# Soak run ${run.startedAt}`,
    '',
    `**${f.passed ? 'PASSED' : 'FAILED'}** — seed ${config.seed}, ${config.minutes} min of chaos (${run.chaosS.toFixed(0)} s run, ${run.wallS.toFixed(0)} s wall), ${config.clients} Node clients × 8 feeds${run.browser.included ? ' + 1 Chromium page' : ''}, server updates every ${config.updateMs} ms.`,
    '',
    `Rerun: \`npm run soak -- --minutes ${config.minutes} --seed ${config.seed} --clients ${config.clients}${config.browser ? '' : ' --no-browser'}\` (the fault sequence is the seed's; timings differ run to run).`,
    '',
    '## The plan\'s promises',
    '',
    '| promise | measured | met |',
    '|---|---|---|',
    ...promises.map(([promise, measured, ok]) => `| ${promise} | ${measured} | ${mark(ok)} |`),
    '',
    '## Faults',
    '',
    `${f.events.total} faults: ${Object.entries(f.events.byKind).map(([kind, count]) => `${kind} ×${count}`).join(', ')}.`,
    '',
    '| # | at | fault | hold | details | recovered (Node) worst | browser | circuits opened | converge | problems |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...run.events.map((e) => {
      const problems = [...e.failures, ...e.unrecovered.map((p) => `${p} unrecovered`), ...e.mismatches.map((m) => `${m.participant}/${m.feed} seq ${m.clientSeq}≠${m.serverSeq}`), ...e.violations].join('; ')
      return `| ${e.index} | ${e.atS} s | ${e.kind} | ${ms(e.holdMs)} | ${e.detail || '–'} | ${e.nodeRecoveryMs.length} × ≤ ${ms(e.nodeRecoveryMs.length > 0 ? Math.max(...e.nodeRecoveryMs) : null)} | ${e.browserRecoveryMs.length > 0 ? ms(Math.max(...e.browserRecoveryMs)) : '–'} | ${e.circuitsOpened} | ${ms(e.convergeMs)} | ${problems || '–'} |`
    }),
    '',
    '## Recovery (ms from lifting the fault until every feed is connected, circuits closed, no polling)',
    '',
    '| fault | Node clients | browser |',
    '|---|---|---|',
    ...f.recovery.byKind.map((row) => `| ${row.kind} | ${dist(row.node)} | ${dist(row.browser)} |`),
    `| **reconnect-blocking faults** | ${dist(f.recovery.node)} | ${dist(f.recovery.browser)} |`,
    '',
    `Participants that never recovered within the limit: ${f.recovery.unrecovered}. Startup (connect → all ${config.clients * 8}${run.browser.included ? ' + 8' : ''} sockets healthy): ${ms(run.startupMs)}.`,
    '',
    '## Connections',
    '',
    `- Attempts while the server accepted: ${f.connection.normal.started} started, ${f.connection.normal.succeeded} succeeded, ${f.connection.normal.failed} failed, ${f.connection.normal.cancelled} cancelled by the client → **${pct(f.connection.normalRate)}**.`,
    `- Attempts during injected outages (kill, SIGTERM, refuse, full): ${f.connection.outage.started} started, ${f.connection.outage.succeeded} succeeded, ${f.connection.outage.failed} failed → ${pct(f.connection.outageRate)}.`,
    `- Polls sent by the Node clients: ${f.connection.polls.normal} while the server accepted, ${f.connection.polls.outage} during injected outages.`,
    `- Requests (socket attempts + polls) per Node client per minute of outage: **${num(f.outageAttempts.perClientPerMinute)}** on average over ${f.outageAttempts.outageS.toFixed(0)} s of outages; worst single client in one outage ${num(f.outageAttempts.maxPerClientPerMinute)}/min (8 feeds, shared host recovery). By fault: ${f.outageAttempts.byKind.map((k) => `${k.kind} ${num(k.perClientPerMinute)}/min over ${k.outageS.toFixed(0)} s`).join(', ')}.`,
    `- Circuits (Node): ${f.circuits.node.opened} opened, ${f.circuits.node.reopened} re-opened after a failed probe, ${f.circuits.node.recovered} recovered; none open at the end (every check requires all circuits closed).`,
    ...(f.circuits.browser ? [`- Circuits (browser, 60 s recovery): ${f.circuits.browser.opened} opened, ${f.circuits.browser.reopened} re-opened, ${f.circuits.browser.recovered} recovered. Browser pool success rate (opened/attempted): ${pct(f.connection.browserPoolRate)}.`] : []),
    '',
    '## Updates',
    '',
    `${f.updates.messages} messages seen by the monitors (${f.updates.socketFrames} socket frames, ${f.updates.polled} polled snapshots) over ${f.updates.sessions} socket sessions; ${f.updates.resyncs} snapshots repeated the last seq (resync); ${f.updates.excusedGaps} gaps on sockets the server had silenced (it discards those frames). **Lost ${f.updates.lost}, duplicated ${f.updates.duplicated}, stale ${f.updates.stale}.** Consistency checks (updates paused, every store vs \`GET /api/v1/<feed>\`): ${f.consistency.checks}, mismatches ${f.consistency.mismatches}, final ${f.consistency.finalMismatches}, slowest convergence ${ms(f.consistency.maxConvergeMs)}.`,
    '',
    '## Memory and handles',
    '',
    `- Soak process (holds the Node clients${run.browser.included ? ', and Vite + playwright for the page' : ''}): heap after GC ${mb(run.memory.heapBeforeClients)} before the clients, ${mb(run.memory.heapWarm)} once connected, ${mb(run.memory.heapEnd)} at the end, ${mb(run.memory.heapAfterTeardown)} after closing them (limit: +${TEARDOWN_HEAP_LIMIT_MB} MB). So the stores held ${num(f.memory.footprintStartMB)} MB at the start and ${num(f.memory.footprintEndMB)} MB at the end (${num(f.memory.footprintPerStoreMBPerDay)} MB/day per store). Least-squares slope of the whole process over the second half: ${num(f.memory.slopeMBPerDay)} MB/day (${num(f.memory.perClientMBPerDay)} per store; includes everything else in the process).`,
    `- Browser page JS heap after GC: ${f.memory.browserStartMB === null ? 'n/a' : `${num(f.memory.browserStartMB)} MB`} → ${f.memory.browserEndMB === null ? 'n/a' : `${num(f.memory.browserEndMB)} MB`} (${run.memory.browserSamples.length} samples; second-half slope ${num(f.memory.browserMBPerDay)} MB/day).`,
    '- Caveat: a run of minutes cannot tell bounded warm-up from a slow leak. Bounded contributors still filling during the run: the per-endpoint metric sample windows (1,000 latency and 1,000 reconnect samples each, ≤ ~16 KB per endpoint, full after 1,000 heartbeats) and compiled code. The leak gates are the teardown checks below.',
    `- Server processes (heap after GC, first → last probe): ${run.memory.server.map((s) => `run ${s.run}: ${mb(s.firstHeap)} → ${mb(s.lastHeap)}`).join('; ') || 'n/a'}.`,
    `- Stores still reachable after \`disconnect()\`, dropping them and GC (WeakRef): ${run.handles.storesRetained} of ${config.clients}. What the heap keeps after teardown is compiled code and bounded buffers (a heap-snapshot diff of a 2-minute run: ~2 MB of JIT code/feedback, ≤ 250 PerformanceResourceTiming entries of fetch).`,
    `- Handles before the clients: ${JSON.stringify(run.handles.before)}; after closing them: ${JSON.stringify(run.handles.afterTeardown)}; left over: ${run.handles.leftover.join(', ') || 'none'}.`,
    '',
    '## The collector (zustand-realtime/reporter → POST /reports)',
    '',
    ...(f.collector === null
      ? ['No collector figures (it could not be read).']
      : [
          `Every Node client reported every 5 s to a reference server of its own (outside the chaos), and once more after its transport stopped. The soak's own figures (the sum of the clients' \`transport.metrics()\`) and the collector's totals ${f.collector.agrees ? '**agree exactly**' : `**disagree**: ${f.collector.differences.join('; ')}`}.`,
          '',
          '| counter | soak | collector |',
          '|---|---:|---:|',
          ...Object.entries(f.collector.counters).map(([name, [ours, theirs]]) => `| ${name} | ${ours} | ${theirs} |`),
          '',
          `Collector view over its last 5 minutes: connection success ${pct(f.collector.successRate)}; ping round trip p50/p95/p99 ${ms(f.collector.latency.p50)} / ${ms(f.collector.latency.p95)} / ${ms(f.collector.latency.p99)}; publish → applied to the store p50/p95/p99 ${ms(f.collector.freshness.p50)} / ${ms(f.collector.freshness.p95)} / ${ms(f.collector.freshness.p99)}.`,
        ]),
    '',
    '## Errors',
    '',
    run.errors.length === 0 ? 'No uncaught exceptions, unhandled rejections, console.error calls, page errors or unexpected server exits.' : run.errors.map((e) => `- ${e.split('\n')[0]}`).join('\n'),
    '',
    ...(f.failures.length > 0 ? ['## Why it failed', '', ...f.failures.map((failure) => `- ${failure}`), ''] : []),
    '## Setup',
    '',
    `- Node clients: \`createDashboardStore\` (all 8 feeds, immer, microtask batching) on \`ws\`; library defaults except ${JSON.stringify(NODE_CLIENT_PROFILE)} (time-compressed so minutes hold many faults).`,
    `- Browser: ${run.browser.note}; page query ${JSON.stringify(PAGE_QUERY)}.`,
    '- Server: the reference server CLI as a child process on one port (SIGKILL/SIGTERM and restart), `--control`, generator seeded with the soak seed.',
    '- Faults: server SIGKILL + restart, SIGTERM (1012) + restart, pong blackout (dropPongs on all feeds + silence on 1–3 feeds), refused upgrades (503) after dropping every socket, 1013 "full" with retryAfterMs after dropping every socket, client latency (chaos.latency), server garbage frames + a hostile client sending the fuzz corpus, client offline/online (chaos.offline; `context.setOffline` for the page), page hidden/visible, update bursts.',
    '- After every fault: wait until every client is healthy, pause the generator, compare every store with the server\'s snapshot (seq and data), resume.',
    '',
  ]
  return lines.join('\n')
}

/** Writes `<outDir>/<name>.md` and `.json`; returns their paths. */
export function writeReport(run: SoakRun, figures: SoakFigures, outDir: string, name: string): string[] {
  mkdirSync(outDir, { recursive: true })
  const md = join(outDir, `${name}.md`)
  const json = join(outDir, `${name}.json`)
  writeFileSync(md, renderMarkdown(run, figures))
  writeFileSync(json, `${JSON.stringify({ figures, run }, null, 2)}\n`)
  return [md, json]
}
