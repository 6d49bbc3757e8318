/**
 * memory — does anything stay behind? Heap after forced GC and open handles
 * (`process.getActiveResourcesInfo()`), before vs after:
 *  A. 1,000 × create a store (8 endpoints) → connect → all connected → disconnect
 *  B. 1,000 × connect → disconnect on one store
 *  C. 1,000,000 messages through pool → store (microtask batching)
 * Needs `--expose-gc`: without it, it re-runs itself in a child that has it.
 */
import { WebSocket } from 'ws'
import { createStore } from 'zustand/vanilla'
import { immer } from 'zustand/middleware/immer'
import { transport, type ConnectionsSlice } from '../src/store'
import { argNumber } from './lib/args'
import { forkBench, isKind, nextMessage, sleep, until, waitExit } from './lib/child'
import { fmtBytes, fmtNum } from './lib/stats'
import { figure } from './lib/svg'
import { markdownTable, resultHeader, writeResults } from './lib/table'
import type { ListeningMessage } from './ingestServer'

const cycles = argNumber('cycles', 1000)
const messages = argNumber('messages', 1_000_000)
const reuseCycles = argNumber('reuse-cycles', 500)

interface MemState extends ConnectionsSlice { last: unknown; done: boolean; count: number }
const FEEDS = ['queue', 'adw-monitor', 'workflows', 'routes', 'workflow-history', 'planned-features', 'system-status', 'webhook-status']

const collect = (): (() => void) | null => {
  const gc: unknown = Reflect.get(globalThis, 'gc')
  return typeof gc === 'function' ? () => { gc(); gc() } : null
}

const handles = (): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1
  return counts
}
const handleText = (h: Record<string, number>): string => Object.entries(h).filter(([, v]) => v > 0).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none'
const sameHandles = (a: Record<string, number>, b: Record<string, number>): boolean => handleText(a) === handleText(b)

function makeStore(base: string, n: number, endpoints: number) {
  return createStore<MemState>()(transport(immer(() => ({ last: null, done: false, count: 0 })), {
    endpoints: FEEDS.slice(0, endpoints).map((name, i) => ({
      name, url: `${base}/${name}?kind=small&n=${n}`, priority: (i < 2 ? 1 : i < 5 ? 2 : 3) as 1 | 2 | 3,
      reduce: (draft: MemState, message) => {
        if (message.type === 'end') draft.done = true
        else { draft.last = message.data; draft.count += 1 }
      },
    })),
    WebSocket, lifecycle: null, batch: 'microtask', staggerMs: 0,
  }))
}
type MemStore = ReturnType<typeof makeStore>

const allConnected = (store: MemStore): Promise<boolean> => {
  const check = () => Object.values(store.getState().connections).every((h) => h.status === 'connected')
  if (check()) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => { stop(); resolve(false) }, 10_000)
    const stop = store.subscribe(() => { if (check()) { clearTimeout(timer); stop(); resolve(true) } })
  })
}

async function main(gc: () => void): Promise<void> {
  const started = Date.now()
  const server = forkBench('ingestServer.ts')
  const { port } = await nextMessage(server, isKind<ListeningMessage>('listening'), 30_000)
  const base = `ws://127.0.0.1:${port}`
  const samples: [number, number][] = []
  const sampler = setInterval(() => samples.push([(Date.now() - started) / 1000, process.memoryUsage().heapUsed / 1024 / 1024]), 50)
  sampler.unref()
  const marks: { x: number; label: string }[] = []
  const gcPoints: [number, number][] = []
  const gcPoint = (heap: number) => gcPoints.push([(Date.now() - started) / 1000, heap / 1024 / 1024])
  const mark = (label: string) => marks.push({ x: (Date.now() - started) / 1000, label })
  const rows: (string | number)[][] = []
  let flat = true
  let failures = 0

  const settle = async (reference: Record<string, number>): Promise<{ heap: number; handles: Record<string, number> }> => {
    await until(() => sameHandles(withoutSampler(handles()), reference), 3000, 50)
    await sleep(50)
    gc()
    return { heap: process.memoryUsage().heapUsed, handles: withoutSampler(handles()) }
  }
  // The sampler interval is ours, not the library's: leave it out of the handle counts.
  const withoutSampler = (h: Record<string, number>): Record<string, number> => ({ ...h, Timeout: (h.Timeout ?? 1) - 1 })

  // Warm-up: JIT, module caches, first sockets.
  for (let i = 0; i < 20; i++) { const s = makeStore(base, 1, 8); void s.transport.connect(); await allConnected(s); s.transport.disconnect() }
  await sleep(300)
  gc()
  const baseline = { heap: process.memoryUsage().heapUsed, handles: withoutSampler(handles()) }

  /** Runs `step` `total` times; forced-GC heap at 0, ½ and the end; handles before vs after. */
  const phase = async (label: string, total: number, step: (i: number) => Promise<void>): Promise<void> => {
    const before = await settle(baseline.handles)
    gcPoint(before.heap)
    mark(label.split(':')[0] ?? label)
    const t0 = Date.now()
    let half = before.heap
    for (let i = 0; i < total; i++) {
      await step(i)
      if (i + 1 === Math.floor(total / 2)) { gc(); half = process.memoryUsage().heapUsed; gcPoint(half) }
    }
    const after = await settle(baseline.handles)
    gcPoint(after.heap)
    const leaked = !sameHandles(after.handles, before.handles)
    if (leaked) flat = false
    const slope = (after.heap - half) / Math.max(1, total - Math.floor(total / 2))
    rows.push([label, fmtBytes(before.heap), fmtBytes(half), fmtBytes(after.heap), fmtBytes(after.heap - before.heap), `${fmtBytes(slope)}`,
      handleText(before.handles), handleText(after.handles), leaked ? '❌' : '✅', `${((Date.now() - t0) / 1000).toFixed(1)} s`])
    console.log(`  ${label}: heap ${fmtBytes(before.heap)} → ${fmtBytes(half)} (½) → ${fmtBytes(after.heap)}, second half ${fmtBytes(slope)} per step, handles ${leaked ? 'CHANGED' : 'unchanged'}`)
  }

  try {
    await phase(`A: ${fmtNum(cycles)} × create store (8 endpoints) → connect → disconnect`, cycles, async () => {
      const store = makeStore(base, 1, 8)
      void store.transport.connect()
      if (!(await allConnected(store))) failures++
      store.transport.disconnect()
    })
    const reused = makeStore(base, 1, 8)
    await phase(`B: ${fmtNum(reuseCycles)} × connect → disconnect, one store (8 endpoints)`, reuseCycles, async () => {
      void reused.transport.connect()
      if (!(await allConnected(reused))) failures++
      reused.transport.disconnect()
    })
    // Two streams of half the messages each, so the "½" column is a real mid-point.
    const streamStore = makeStore(base, messages / 2, 1)
    await phase(`C: ${fmtNum(messages)} messages → store (microtask batching), 2 connections of ${fmtNum(messages / 2)}`, 2, async () => {
      streamStore.setState({ done: false })
      void streamStore.transport.connect()
      await until(() => streamStore.getState().done, 120_000, 25)
      streamStore.transport.disconnect()
    })
    if (streamStore.getState().count !== messages) failures++
  } finally {
    clearInterval(sampler)
    server.disconnect()
    await waitExit(server, 5000)
  }

  const markdown = resultHeader('memory — heap and handles after forced GC', [
    `Run with \`--expose-gc\`; the frames come from a server in a child process (\`bench/ingestServer.ts\`), so its memory is not counted. Heap = \`process.memoryUsage().heapUsed\` after two \`gc()\` calls; handles = \`process.getActiveResourcesInfo()\` (the benchmark's own sampling timer and IPC pipe excluded/unchanged). Each phase starts from the state the previous one left. A one-off rise in the first half is warm-up (JIT code, inline caches, \`ws\` internals); a leak shows as growth per step in the second half. stores use \`staggerMs: 0\` so a cycle is not 700 ms of waiting. Baseline after a 20-cycle warm-up: heap ${fmtBytes(baseline.heap)}, handles ${handleText(baseline.handles)}.`,
    '',
    markdownTable(['phase', 'heap before', 'heap at ½', 'heap after', 'delta', 'growth per step, 2nd half', 'handles before', 'handles after', 'handles flat', 'time'], rows),
    '',
    failures === 0 ? 'Every cycle connected all its endpoints; the stream delivered every message.' : `⚠️ ${failures} cycles/streams did not complete as expected.`,
    '',
    `Targets: ${flat ? '✅' : '❌'} handles flat after every phase; heap after forced GC: ${rows.map((row) => `${String(row[0]).split(':')[0]} ${row[4]} overall, ${row[5]} per step in the second half`).join('; ')} (noise between forced-GC readings is ±0.2 MiB here).`,
    '',
    '![memory](memory.svg)',
  ])
  const svg = figure('memory: heapUsed over the run', [{
    kind: 'line', title: 'sampled every 50 ms (sawtooth = normal GC), and after forced GC at each checkpoint (flat = no leak)', xLabel: 's since start', yLabel: 'MiB', markers: marks,
    series: [{ name: 'heapUsed (sampled)', points: samples, color: '#9bbcf5' }, { name: 'heapUsed after forced GC (checkpoints)', points: gcPoints, color: '#e4572e' }],
  }])
  const files = writeResults('memory', markdown, svg)
  console.log(`memory: wrote ${files.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

const gc = collect()
if (gc) await main(gc)
else {
  // Re-run with --expose-gc (npm run bench does this already).
  const child = forkBench('memory.ts', process.argv.slice(2), { exposeGc: true })
  process.exitCode = (await waitExit(child, 600_000)) ?? 1
}
