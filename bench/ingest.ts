/**
 * ingest — frames per second from a real `ws` server (child process) through our pool → store,
 * against raw `ws` onmessage + JSON.parse on the same stream. Variants interleaved, 5 rounds, medians.
 * Usage: tsx bench/ingest.ts [--rounds 5] [--small 100000] [--snapshot 30000]
 */
import { argNumber } from './lib/args'
import { forkBench, isKind, nextMessage, waitExit } from './lib/child'
import { INGEST_VARIANTS, runIngest, type IngestRun, type IngestVariant } from './lib/ingestClients'
import { fmtNum, fmtRatio, medianOrNaN, ratio } from './lib/stats'
import { figure } from './lib/svg'
import { markdownTable, resultHeader, writeResults } from './lib/table'
import type { ListeningMessage } from './ingestServer'

const rounds = argNumber('rounds', 5)
const KINDS = [
  { kind: 'small', frames: argNumber('small', 200_000), label: 'small frames (≈ 60 B)' },
  { kind: 'snapshot', frames: argNumber('snapshot', 40_000), label: 'queue snapshots (≈ 0.9 kB)' },
] as const

const gc = (): void => { const collect: unknown = Reflect.get(globalThis, 'gc'); if (typeof collect === 'function') collect() }

async function main(): Promise<void> {
  const started = Date.now()
  const server = forkBench('ingestServer.ts')
  const { port } = await nextMessage(server, isKind<ListeningMessage>('listening'), 30_000)
  const results = new Map<string, IngestRun[]>()
  const instrumented = new Map<string, IngestRun>()
  try {
    for (const { kind, frames } of KINDS) {
      const url = (n: number) => `ws://127.0.0.1:${port}/?kind=${kind}&n=${n}`
      for (const variant of INGEST_VARIANTS) await runIngest(variant, url(2000), 2000) // warm-up (JIT)
      for (let round = 0; round < rounds; round++) {
        // Rotate the order each round so no variant always runs first or last.
        const order = INGEST_VARIANTS.map((_, i) => INGEST_VARIANTS[(i + round) % INGEST_VARIANTS.length] as IngestVariant)
        for (const variant of order) {
          gc()
          const run = await runIngest(variant, url(frames), frames)
          const key = `${kind}|${variant}`
          results.set(key, [...(results.get(key) ?? []), run])
        }
      }
      for (const variant of ['pool', 'store batch microtask', 'store batch none'] as const) {
        instrumented.set(`${kind}|${variant}`, await runIngest(variant, url(frames), frames, true))
      }
    }
  } finally {
    server.disconnect()
    await waitExit(server, 5000)
  }

  const rate = (run: IngestRun): number => run.frames / (run.ms / 1000)
  const cpuPerFrame = (run: IngestRun): number => run.cpuUs / run.frames
  const stat = (kind: string, variant: IngestVariant) => {
    const runs = results.get(`${kind}|${variant}`) ?? []
    return { rate: medianOrNaN(runs.map(rate)), cpu: medianOrNaN(runs.map(cpuPerFrame)), notifications: medianOrNaN(runs.map((r) => r.notifications)), runs }
  }
  const sections: string[] = []
  const summary: string[] = []
  for (const { kind, frames, label } of KINDS) {
    const raw = stat(kind, 'raw ws')
    const rows = INGEST_VARIANTS.map((variant) => {
      const s = stat(kind, variant)
      const inst = instrumented.get(`${kind}|${variant}`)
      const perFlush = variant === 'store batch none' ? '— (one per message)' : inst && inst.turns > 0 && variant !== 'pool' ? fmtNum(inst.notifications / inst.turns, 3) : '—'
      const perNotification = variant.startsWith('store') && s.notifications > 0 ? fmtNum(frames / s.notifications, 1) : '—'
      const rates = s.runs.map(rate)
      return [variant, fmtNum(s.rate), `${fmtNum(Math.min(...rates))}–${fmtNum(Math.max(...rates))}`, fmtRatio(ratio(s.rate, raw.rate)), fmtNum(s.cpu, 2), fmtRatio(ratio(s.cpu, raw.cpu)),
        variant.startsWith('store') ? fmtNum(s.notifications) : '—', perNotification, perFlush]
    })
    sections.push(`## ${label}, ${fmtNum(frames)} frames per run`, '', markdownTable(
      ['client', 'frames/s (median)', 'range over rounds', 'vs raw', 'client CPU µs/frame (median)', 'CPU vs raw', 'store notifications per run', 'frames per notification', 'notifications per flush'], rows), '')
    const micro = stat(kind, 'store batch microtask')
    const none = stat(kind, 'store batch none')
    summary.push(`${kind}: store(microtask) ${fmtRatio(ratio(micro.rate, raw.rate))} of raw, store(none) ${fmtRatio(ratio(none.rate, raw.rate))}, pool ${fmtRatio(ratio(stat(kind, 'pool').rate, raw.rate))}`)
  }
  const micro = instrumented.get('small|store batch microtask')
  const target = [
    'Targets:',
    ...KINDS.map(({ kind, label }) => {
      const r = ratio(stat(kind, 'store batch microtask').rate, stat(kind, 'raw ws').rate)
      return `- ${r >= 0.8 ? '✅' : '❌'} ingest ≥ 0.8× raw, ${label}: store (microtask) ${fmtRatio(r)}, pool alone ${fmtRatio(ratio(stat(kind, 'pool').rate, stat(kind, 'raw ws').rate))}, store (none) ${fmtRatio(ratio(stat(kind, 'store batch none').rate, stat(kind, 'raw ws').rate))}`
    }),
    micro ? `- ${micro.notifications <= micro.turns ? '✅' : '❌'} ≤ 1 store notification per flush: ${fmtNum(micro.notifications / Math.max(1, micro.turns), 3)} notifications per microtask turn that carried messages (small frames, instrumented run: ${fmtNum(micro.turns)} turns, ${fmtNum(micro.notifications)} notifications while frames streamed).` : '',
  ]
  const markdown = resultHeader('ingest — frames/s through pool → store vs raw ws', [
    `One \`ws\` server in a child process sends N frames per connection as fast as the socket takes them; the client (this process) times first frame → end frame applied. Variants interleaved (order rotated each round), ${rounds} rounds, medians; forced GC before each run; a 2,000-frame warm-up per variant first. "client CPU" = \`process.cpuUsage()\` of the client process over the run (the server is another process), which does not depend on whether the server or the client was the bottleneck.`,
    'raw ws = `ws.onmessage` + `JSON.parse` + keep `data`. pool = `createConnectionPool` + `subscribe`. store = vanilla zustand `createStore` + `transport(immer(...))`, reducer `draft.queue = msg.data`; "store microtask + zod schema" validates each frame\'s data with a zod 4 schema of its shape first (what `schema:` on a catalogue feed does). "notifications per flush" comes from an extra instrumented run counting microtask turns in which messages arrived.',
    '',
    ...sections,
    ...target,
    '',
    '![ingest](ingest.svg)',
  ])
  const svg = figure('ingest: median of rounds', KINDS.flatMap(({ kind, label }) => [
    {
      kind: 'bar' as const, title: `${label}: frames/s (higher is better)`, unit: 'frames / s', categories: INGEST_VARIANTS,
      series: [{ name: 'frames/s', values: INGEST_VARIANTS.map((v) => stat(kind, v).rate), color: '#1b6ef3' }],
      guides: [{ value: stat(kind, 'raw ws').rate * 0.8, label: '0.8× raw' }],
      format: (value: number) => fmtNum(value),
    },
    {
      kind: 'bar' as const, title: `${label}: client CPU per frame (lower is better)`, unit: 'µs / frame', categories: INGEST_VARIANTS,
      series: [{ name: 'CPU µs/frame', values: INGEST_VARIANTS.map((v) => stat(kind, v).cpu), color: '#e4572e' }],
      format: (value: number) => value.toFixed(2),
    },
  ]))
  const files = writeResults('ingest', markdown, svg)
  console.log(`  ${summary.join('\n  ')}`)
  console.log(`ingest: wrote ${files.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

await main()
