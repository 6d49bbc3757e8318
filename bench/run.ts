/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name> [<name>…] [-- options]` runs some.
 * Each benchmark runs in its own Node process (fresh state; `--expose-gc` where it forces GC), one
 * after another, and writes `bench/results/<name>.md` + `.svg`. At the end: the targets, met or not.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BENCH_DIR } from './lib/child'
import { RESULTS_DIR } from './lib/table'

interface Benchmark { name: string; file: string; exposeGc?: boolean; about: string }

const BENCHMARKS: readonly Benchmark[] = [
  { name: 'size', file: 'size.ts', about: 'min + gzip of each entry vs peers' },
  { name: 'ingest', file: 'ingest.ts', exposeGc: true, about: 'frames/s pool → store vs raw ws' },
  { name: 'memory', file: 'memory.ts', exposeGc: true, about: 'heap and handles after 1,000 cycles and 1M messages' },
  { name: 'detection', file: 'detection.ts', about: 'time to notice a silent socket' },
  { name: 'render', file: 'render.ts', about: 'React commits in Chromium' },
  { name: 'herd', file: 'herd.ts', about: 'server restart: requests, herd peak, time back' },
  { name: 'long-outage', file: 'longOutage.ts', about: '20 s / 60 s outages (--long: 5 min): requests (sockets + polls) per minute, time back' },
  { name: 'outage-model', file: 'outageModel.ts', about: 'the long-outage dashboard shape in simulated time: the schedule alone, free of machine load' },
  { name: 'scale-out', file: 'scaleOut.ts', about: '1 vs 3 instances on Redis: msg/s, latency; an instance killed' },
  { name: 'tabs', file: 'tabs.ts', about: '1/5/10 tabs: sockets, restart handshakes, bytes, heap — shared vs per tab' },
  { name: 'python-server', file: 'pythonServer.ts', about: 'Node vs Python server: 1,000 / 5,000 sockets, fan-out, memory per socket, restart herd' },
]

const args = process.argv.slice(2)
const names = args.filter((arg) => !arg.startsWith('--') && BENCHMARKS.some((b) => b.name === arg))
const unknown = args.filter((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--') && !BENCHMARKS.some((b) => b.name === arg))
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}\navailable:\n${BENCHMARKS.map((b) => `  ${b.name.padEnd(12)} ${b.about}`).join('\n')}`)
  process.exit(2)
}
/** Options after the names (`--clients 200`) go to every selected benchmark. */
const passThrough = args.filter((arg) => !names.includes(arg))
const selected = names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => names.includes(b.name))

function runOne(benchmark: Benchmark): Promise<number> {
  const execArgs = ['--import', 'tsx', ...(benchmark.exposeGc ? ['--expose-gc'] : []), join(BENCH_DIR, benchmark.file), ...passThrough]
  return new Promise((resolve) => {
    const child = spawn(process.execPath, execArgs, { stdio: 'inherit' })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
    child.on('error', () => resolve(1))
  })
}

/** The target lines (✅/❌) of a result file, for the closing summary. */
function targetLines(name: string): string[] {
  try {
    return readFileSync(join(RESULTS_DIR, `${name}.md`), 'utf8').split('\n').filter((line) => line.includes('✅') || line.includes('❌') || line.startsWith('Summary'))
      .filter((line) => !line.startsWith('|'))
      .map((line) => line.replace(/^- /, '').trim())
  } catch {
    return []
  }
}

const started = Date.now()
const outcomes: { benchmark: Benchmark; code: number; seconds: number }[] = []
for (const benchmark of selected) {
  console.log(`\n▶ ${benchmark.name} — ${benchmark.about}`)
  const t0 = Date.now()
  const code = await runOne(benchmark)
  outcomes.push({ benchmark, code, seconds: (Date.now() - t0) / 1000 })
  if (code !== 0) console.error(`✖ ${benchmark.name} exited with ${code}`)
}

console.log(`\n══ summary (${((Date.now() - started) / 1000).toFixed(0)} s) — results in bench/results/ ══`)
for (const { benchmark, code, seconds } of outcomes) {
  console.log(`${code === 0 ? '✔' : '✖'} ${benchmark.name.padEnd(12)} ${seconds.toFixed(0).padStart(4)} s`)
  for (const line of targetLines(benchmark.name)) console.log(`    ${line}`)
}
process.exitCode = outcomes.every((o) => o.code === 0) ? 0 : 1
