/**
 * Browser memory soak: the demo dashboard (a production build, so later edits to src/ cannot
 * reload it) in headless Chromium, live updates from the reference server, for `--minutes`.
 * Every `--sample-seconds` the page's JS heap is read over CDP after a forced GC
 * (`HeapProfiler.collectGarbage` twice, then `Runtime.getHeapUsage`), with the DOM counters and
 * the server's message count. The trend after `--warmup-minutes` is fitted with least squares
 * and extrapolated to 24 h against the plan's < 10 MB / 24 h (soak/memoryTrend.ts).
 *
 *   npm run soak:memory -- --minutes 60 [--sample-seconds 60] [--update-ms 100] [--warmup-minutes 5]
 *                          [--query 'report=1'] [--out soak/results] [--name memory]
 *
 * Writes <out>/<name>.md and <out>/<name>.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { build, preview } from 'vite'
import { FEED_NAMES } from '../src/store/dashboard/feeds'
import type { ServerMetrics } from '../server/metrics'
import { CHROMIUM_ARGS } from '../tests/helpers/e2eBrowser'
import { freePort } from '../server/freePort'
import { spawnServer } from '../tests/helpers/serverProcess'
import { BUDGET_BYTES_PER_DAY, formatMB, memoryTrend, type HeapSample } from './memoryTrend'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface MemorySoakConfig {
  minutes: number
  sampleSeconds: number
  updateMs: number
  warmupMinutes: number
  query: string
  outDir: string
  name: string
}

export const parseMemoryArgs = (argv: readonly string[]): MemorySoakConfig => {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      minutes: { type: 'string' },
      'sample-seconds': { type: 'string' },
      'update-ms': { type: 'string' },
      'warmup-minutes': { type: 'string' },
      query: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
    },
  })
  const number = (text: string | undefined, fallback: number, flag: string, min: number): number => {
    if (text === undefined) return fallback
    const value = Number(text)
    if (!Number.isFinite(value) || value < min) throw new Error(`--${flag} must be a number ≥ ${min}, got "${text}"`)
    return value
  }
  return {
    minutes: number(values.minutes, 60, 'minutes', 0.5),
    sampleSeconds: number(values['sample-seconds'], 60, 'sample-seconds', 5),
    updateMs: number(values['update-ms'], 100, 'update-ms', 10),
    warmupMinutes: number(values['warmup-minutes'], 5, 'warmup-minutes', 0),
    query: values.query ?? '',
    outDir: values.out ?? 'soak/results',
    name: values.name ?? 'memory',
  }
}

interface Reading extends HeapSample {
  at: string
  totalHeapBytes: number
  nodes: number
  listeners: number
  documents: number
  /** Frames the server sent since the previous reading. */
  framesSent: number
  /** Badges that read "Connected" at this reading. */
  liveBadges: number
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const run = async (config: MemorySoakConfig): Promise<void> => {
  const started = new Date()
  const server = await spawnServer(['--host', '127.0.0.1', '--update-ms', String(config.updateMs)])
  const outDir = await mkdtemp(join(tmpdir(), 'zr-memory-'))
  const previous = process.env.VITE_WS_BASE
  process.env.VITE_WS_BASE = server.wsBase
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null
  let site: Awaited<ReturnType<typeof preview>> | null = null
  const readings: Reading[] = []
  const pageErrors: string[] = []
  let reportsTaken: number | null = null
  try {
    await build({ root: ROOT, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } })
    if (previous === undefined) delete process.env.VITE_WS_BASE
    else process.env.VITE_WS_BASE = previous
    const port = await freePort()
    site = await preview({ root: ROOT, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true } })
    const url = `http://127.0.0.1:${port}/${config.query === '' ? '' : `?${config.query}`}`
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } })
    const page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    const cdp = await context.newCDPSession(page)
    await cdp.send('HeapProfiler.enable')
    await page.goto(url)
    console.log(`[memory] ${url} against ${server.wsBase}, updates every ${config.updateMs} ms per feed, ${config.minutes} min`)

    const metrics = async (): Promise<ServerMetrics> => (await fetch(`${server.url}/metrics`)).json() as Promise<ServerMetrics>
    const liveBadges = (): Promise<number> =>
      page.evaluate((names) => names.filter((name) => document.querySelector(`[data-testid="${name}-status"]`)?.textContent === 'Connected').length, [...FEED_NAMES])
    const connectBy = Date.now() + 30_000
    while ((await liveBadges()) < FEED_NAMES.length && Date.now() < connectBy) await sleep(250)
    const t0 = Date.now()
    let sentBefore = (await metrics()).messagesOut
    const deadline = t0 + config.minutes * 60_000
    for (let index = 0; ; index += 1) {
      const due = t0 + index * config.sampleSeconds * 1000
      if (due > deadline) break
      await sleep(Math.max(0, due - Date.now()))
      await cdp.send('HeapProfiler.collectGarbage')
      await cdp.send('HeapProfiler.collectGarbage')
      const heap = await cdp.send('Runtime.getHeapUsage')
      const dom = await cdp.send('Memory.getDOMCounters')
      const sent = (await metrics()).messagesOut
      const reading: Reading = {
        minute: (Date.now() - t0) / 60_000,
        heapBytes: heap.usedSize,
        at: new Date().toISOString(),
        totalHeapBytes: heap.totalSize,
        nodes: dom.nodes,
        listeners: dom.jsEventListeners,
        documents: dom.documents,
        framesSent: sent - sentBefore,
        liveBadges: await liveBadges(),
      }
      sentBefore = sent
      readings.push(reading)
      console.log(`[memory] ${reading.minute.toFixed(1)} min: heap ${formatMB(reading.heapBytes)}, nodes ${reading.nodes}, listeners ${reading.listeners}, live ${reading.liveBadges}/8, frames sent ${reading.framesSent}`)
    }
    // What the page's reporter delivered to the server's collector (zero when the page does not report).
    const monitoring = (await (await fetch(`${server.url}/monitoring`)).json()) as { totals?: { reports?: number } }
    reportsTaken = monitoring.totals?.reports ?? null
  } finally {
    await browser?.close()
    await site?.close()
    await server.stop()
    await rm(outDir, { recursive: true, force: true })
  }
  const trend = memoryTrend(readings, config.warmupMinutes)
  const all = memoryTrend(readings, 0)
  const lines = [
    '# Browser memory soak — the demo dashboard under live updates',
    '',
    `Run ${started.toISOString()} → ${new Date().toISOString()}: \`npm run soak:memory -- --minutes ${config.minutes} --sample-seconds ${config.sampleSeconds} --update-ms ${config.updateMs} --warmup-minutes ${config.warmupMinutes}${config.query === '' ? '' : ` --query '${config.query}'`}\`.`,
    '',
    `The demo's production build (\`vite build\`) in headless Chromium, 8 feeds from the reference server, one update per feed every ${config.updateMs} ms. Every ${config.sampleSeconds} s: two forced GCs (CDP \`HeapProfiler.collectGarbage\`), then \`Runtime.getHeapUsage\` (JS heap used) and \`Memory.getDOMCounters\`. The slope is a least-squares line through the readings after minute ${config.warmupMinutes} (warm-up: first render, JIT, caches); 24 h = slope × 24. MB = 10⁶ bytes.`,
    '',
    '| figure | value |',
    '|---|---|',
    `| readings | ${readings.length} over ${(readings.at(-1)?.minute ?? 0).toFixed(1)} min |`,
    `| heap after GC, first → last | ${formatMB(all.firstBytes)} → ${formatMB(all.lastBytes)} |`,
    `| slope after warm-up (${trend.samples} readings, R² ${Number.isNaN(trend.fit.r2) ? 'n/a' : trend.fit.r2.toFixed(2)}) | ${formatMB(trend.bytesPerHour, true)} per hour |`,
    `| extrapolated to 24 h | ${formatMB(trend.bytesPer24h, true)} |`,
    `| slope over every reading | ${formatMB(all.bytesPer24h, true)} per 24 h |`,
    `| target: growth < ${formatMB(BUDGET_BYTES_PER_DAY)} / 24 h | ${trend.withinBudget ? '✅ met' : '❌ missed'} |`,
    `| frames the server sent | ${readings.reduce((sum, r) => sum + r.framesSent, 0).toLocaleString('en-US')} |`,
    `| metrics reports the server's collector took from the page | ${reportsTaken ?? 'n/a'} |`,
    `| page errors | ${pageErrors.length === 0 ? 'none' : pageErrors.slice(0, 5).join('; ')} |`,
    '',
    '| minute | heap used | heap total | DOM nodes | listeners | badges Connected | frames sent since last |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...readings.map((r) => `| ${r.minute.toFixed(1)} | ${formatMB(r.heapBytes)} | ${formatMB(r.totalHeapBytes)} | ${r.nodes} | ${r.listeners} | ${r.liveBadges}/8 | ${r.framesSent} |`),
    '',
  ]
  await mkdir(config.outDir, { recursive: true })
  await writeFile(join(config.outDir, `${config.name}.md`), lines.join('\n'))
  await writeFile(join(config.outDir, `${config.name}.json`), `${JSON.stringify({ config, started: started.toISOString(), trend, all, pageErrors, readings }, null, 2)}\n`)
  console.log(`[memory] ${formatMB(trend.bytesPer24h, true)} per 24 h (target < ${formatMB(BUDGET_BYTES_PER_DAY)}): ${trend.withinBudget ? 'met' : 'MISSED'}; wrote ${join(config.outDir, `${config.name}.md`)}`)
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  run(parseMemoryArgs(process.argv.slice(2))).catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
