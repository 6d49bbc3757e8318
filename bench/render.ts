/**
 * render — React commits in Chromium: 8 feeds × 200 updates/s, 50 widgets each selecting one
 * feed's slice. Ours (zustand + immer + transport, frame batching) vs a naive "one context,
 * setState per message" page, plus ours with the dev panel open. The page is an esbuild bundle of
 * `bench/render/page.tsx` (React production build) served with the feeds by this process.
 * Also publish → on screen: every frame carries `publishedAt`; the page times it to its reducer, its commit and the
 * end of the browser frame that painted it.
 * Usage: tsx bench/render.ts [--rounds 2] [--seconds 5] [--rate 200]
 */
import { createServer } from 'node:http'
import { join } from 'node:path'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { WebSocketServer, type WebSocket } from 'ws'
import { argNumber } from './lib/args'
import { CHROMIUM_ARGS, chromiumPath } from './lib/browser'
import { BENCH_DIR, sleep } from './lib/child'
import { fmtMs, fmtNum, fmtRatio, medianOrNaN, quantile, ratio, sum } from './lib/stats'
import { figure } from './lib/svg'
import { markdownTable, resultHeader, writeResults } from './lib/table'
import type { BenchSnapshot, FeedFrame } from './render/page'

const rounds = argNumber('rounds', 2)
const seconds = argNumber('seconds', 5)
const rate = argNumber('rate', 200)
const widgets = 50
const hot = argNumber('hot', 16)
const MODES = ['ours', 'naive', 'ours-devpanel'] as const
type Mode = (typeof MODES)[number]
const LABELS: Record<Mode, string> = { ours: 'ours (store, frame batching)', naive: 'naive (one context, setState per message)', 'ours-devpanel': 'ours + dev panel open' }

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(BENCH_DIR, 'render/page.tsx')], bundle: true, minify: true, format: 'esm', platform: 'browser',
    target: 'es2022', write: false, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent', jsx: 'automatic',
  })
  return result.outputFiles[0]?.text ?? ''
}

/** Static page + `/feed/<name>` sockets; every 10 ms each feed sends what is due at `rate`/s. */
async function serve(script: string) {
  const html = '<!doctype html><meta charset="utf-8"><title>render bench</title><style>.w{display:inline-block;width:180px;font:11px sans-serif;margin:2px}ul{margin:0;padding-left:14px}</style><div id="root"></div><script type="module" src="/page.js"></script>'
  const http = createServer((request, response) => {
    if (request.url?.startsWith('/page.js')) return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    response.writeHead(200, { 'content-type': 'text/html' }).end(html)
  })
  const wss = new WebSocketServer({ server: http })
  const feeds = new Map<string, Set<WebSocket>>()
  let sent = 0
  wss.on('connection', (ws, request) => {
    const name = (request.url ?? '').split('/').pop() ?? 'feed0'
    const set = feeds.get(name) ?? new Set<WebSocket>()
    feeds.set(name, set)
    set.add(ws)
    ws.on('close', () => set.delete(ws))
    ws.on('error', () => {})
  })
  const seq = new Map<string, number>()
  const start = Date.now()
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - start) / 1000) * rate)
    for (let k = 0; k < 8; k++) {
      const name = `feed${k}`
      let n = seq.get(name) ?? 0
      for (; n < due; n++) {
        const frame = JSON.stringify({ type: 'feed_update', publishedAt: Date.now(), data: { seq: n, value: Math.random(), status: Math.floor(n / Math.max(1, rate)), items: [1, 2, 3, 4, 5, 6, 7, 8] } } satisfies FeedFrame)
        for (const ws of feeds.get(name) ?? []) { ws.send(frame); sent++ }
      }
      seq.set(name, n)
    }
  }, 10)
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const address = http.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    sent: () => sent,
    close: async () => {
      clearInterval(timer)
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}

interface RunResult { mode: Mode; snapshot: BenchSnapshot; sentPerSecond: number }

async function main(): Promise<void> {
  const started = Date.now()
  const server = await serve(await bundle())
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })
  const runs: RunResult[] = []
  try {
    for (let round = 0; round < rounds; round++) {
      for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
        const page = await context.newPage()
        const errors: string[] = []
        page.on('pageerror', (error) => errors.push(error.message))
        await page.goto(`${server.url}?mode=${mode}&widgets=${widgets}&hot=${hot}`)
        await page.waitForFunction(() => window.__bench?.ready() === true, undefined, { timeout: 15_000 })
        await sleep(1000)
        await page.evaluate(() => window.__bench?.reset())
        const sent0 = server.sent()
        await sleep(seconds * 1000)
        const snapshot = await page.evaluate(() => window.__bench?.snapshot())
        const sentPerSecond = (server.sent() - sent0) / seconds
        await context.close()
        if (snapshot === undefined) throw new Error(`no snapshot from ${mode}: ${errors.join('; ')}`)
        if (errors.length > 0) console.warn(`  ${mode}: page errors: ${errors.join('; ')}`)
        runs.push({ mode, snapshot, sentPerSecond })
        const perSecond = 1000 / snapshot.elapsedMs
        console.log(`  ${mode.padEnd(14)} commits/s per widget: hot ${fmtNum(medianOrNaN(snapshot.commits.slice(0, hot)) * perSecond, 1)}, slow ${fmtNum(medianOrNaN(snapshot.commits.slice(hot)) * perSecond, 1)}, messages/s ${fmtNum(snapshot.messages * perSecond)}, fps ${fmtNum(snapshot.frames * perSecond)}, publish → on screen p50 ${fmtMs(quantile(snapshot.screenAges, 0.5))} / p95 ${fmtMs(quantile(snapshot.screenAges, 0.95))} (${fmtNum(snapshot.screenAges.length)} samples)`)
      }
    }
  } finally {
    await browser.close()
    await server.close()
  }

  const stats = (mode: Mode) => {
    const mine = runs.filter((r) => r.mode === mode)
    const per = (r: RunResult, value: number) => value * (1000 / r.snapshot.elapsedMs)
    return {
      hotCommits: medianOrNaN(mine.map((r) => per(r, medianOrNaN(r.snapshot.commits.slice(0, hot))))),
      slowCommits: medianOrNaN(mine.map((r) => per(r, medianOrNaN(r.snapshot.commits.slice(hot))))),
      renders: medianOrNaN(mine.map((r) => per(r, sum(r.snapshot.commits)))),
      messages: medianOrNaN(mine.map((r) => per(r, r.snapshot.messages))),
      sent: medianOrNaN(mine.map((r) => r.sentPerSecond)),
      fps: medianOrNaN(mine.map((r) => per(r, r.snapshot.frames))),
      longTask: medianOrNaN(mine.map((r) => (r.snapshot.longTaskMs / r.snapshot.elapsedMs) * 100)),
      lag50: medianOrNaN(mine.map((r) => quantile(r.snapshot.lags, 0.5) ?? Number.NaN)),
      lag95: medianOrNaN(mine.map((r) => quantile(r.snapshot.lags, 0.95) ?? Number.NaN)),
      applied50: medianOrNaN(mine.map((r) => quantile(r.snapshot.appliedAges, 0.5) ?? Number.NaN)),
      applied95: medianOrNaN(mine.map((r) => quantile(r.snapshot.appliedAges, 0.95) ?? Number.NaN)),
      screen50: medianOrNaN(mine.map((r) => quantile(r.snapshot.screenAges, 0.5) ?? Number.NaN)),
      screen95: medianOrNaN(mine.map((r) => quantile(r.snapshot.screenAges, 0.95) ?? Number.NaN)),
      screen99: medianOrNaN(mine.map((r) => quantile(r.snapshot.screenAges, 0.99) ?? Number.NaN)),
      screenSamples: sum(mine.map((r) => r.snapshot.screenAges.length)),
    }
  }
  const naive = stats('naive')
  const rows = MODES.map((mode) => {
    const s = stats(mode)
    return [LABELS[mode], fmtNum(s.hotCommits, 1), fmtNum(s.slowCommits, 1), mode === 'naive' ? '—' : fmtRatio(ratio(naive.slowCommits, s.slowCommits)), fmtNum(s.renders), mode === 'naive' ? '—' : fmtRatio(ratio(naive.renders, s.renders)), fmtNum(s.messages), fmtNum(s.sent), fmtNum(s.fps), `${fmtNum(s.longTask, 1)} %`]
  })
  const freshnessRows = MODES.map((mode) => {
    const s = stats(mode)
    return [LABELS[mode], `${fmtMs(s.applied50)} / ${fmtMs(s.applied95)}`, `${fmtMs(s.lag50)} / ${fmtMs(s.lag95)}`, `${fmtMs(s.screen50)} / ${fmtMs(s.screen95)} / ${fmtMs(s.screen99)}`, fmtNum(s.screenSamples)]
  })
  const ours = stats('ours')
  const markdown = resultHeader(`render — React commits in Chromium, 8 feeds × ${rate} updates/s, ${widgets} widgets`, [
    `Headless Chromium (${chromiumPath()}), React 19 production build bundled by esbuild from \`bench/render/page.tsx\`. This process serves the page and 8 WebSocket feeds, each sending ${rate} updates/s (a timer every 10 ms sends what is due). ${widgets} widgets, widget *i* reads feed *i mod 8*: the first ${hot} ("hot") show the whole feed, which changes on every update; the other ${widgets - hot} ("slow") show only its \`status\`, which changes once a second (ours: \`useStore(store, s => s[feed].status)\`; naive: the same value read from the one context). Every widget renders 8 rows. Each run: fresh browser context, all 8 sockets open, 1 s warm-up, ${seconds} s measured; ${rounds} rounds, modes in alternating order, medians over runs.`,
    '"commits/s per widget" = layout effects per second of one widget (median widget of the group), i.e. how often React re-rendered and committed it. "long tasks" = share of wall time in main-thread tasks > 50 ms.',
    '',
    markdownTable(['page', `commits/s per hot widget (${hot})`, `commits/s per slow widget (${widgets - hot})`, 'slow: naive ÷ this', `widget commits/s (all ${widgets})`, 'all: naive ÷ this', 'messages/s received', 'messages/s sent', 'frames/s', 'long tasks'], rows),
    '',
    '## Data freshness: publish → on screen',
    '',
    `Every frame carries \`publishedAt\` (ms since the epoch, stamped by the server as it sends, like the reference server's frames); the page and the server share the machine's clock. "applied" = when each message reached the page's state (ours: the reducer, which frame batching runs at the next animation frame; naive: the \`setState\` call), over every message, including those a newer one replaced before it was shown. "commit" = a hot widget's layout effect showing that data. "on screen" = the end of the browser frame that painted the commit: the first task after that frame's rendering steps (a \`MessageChannel\` message posted from the frame's first animation-frame callback), i.e. the main thread's paint, before the compositor's few ms to the display. Per hot-widget commit; medians over runs of each run's percentiles.`,
    '',
    markdownTable(['page', 'publish → applied p50 / p95', 'publish → commit p50 / p95', 'publish → on screen p50 / p95 / p99', 'on-screen samples'], freshnessRows),
    '',
    `Publish → on screen (plan: < 1 s): ours p50 ${fmtMs(ours.screen50)}, p95 ${fmtMs(ours.screen95)}; naive p50 ${fmtMs(naive.screen50)}, p95 ${fmtMs(naive.screen95)}; ours with the dev panel open p50 ${fmtMs(stats('ours-devpanel').screen50)}, p95 ${fmtMs(stats('ours-devpanel').screen95)}. The server sends what is due every 10 ms, so up to 10 ms of that is the server's own batching.`,
    '',
    'Targets:',
    `- ${ours.screen95 < 1000 ? '✅' : '❌'} publish → on screen < 1 s (the plan's "< 1 s latency"), p95 at 8 feeds × ${rate} updates/s: ours ${fmtMs(ours.screen95)} (p50 ${fmtMs(ours.screen50)}), with the dev panel open ${fmtMs(stats('ours-devpanel').screen95)}`,
    '',
    `Hot widgets: ours ${fmtNum(ours.hotCommits, 1)} vs naive ${fmtNum(naive.hotCommits, 1)} commits/s — both are bounded by the frame rate (React 18+ batches the naive page's setState calls made before its render task runs, so it does not render once per message either). Slow widgets: ours ${fmtNum(ours.slowCommits, 1)} vs naive ${fmtNum(naive.slowCommits, 1)} commits/s (${fmtRatio(ratio(naive.slowCommits, ours.slowCommits))}): a selector re-renders a widget only when its slice changed, a context re-renders every consumer on every change.`,
    '',
    `Summary: commits/s per slow widget ours ${fmtNum(ours.slowCommits, 1)} vs naive ${fmtNum(naive.slowCommits, 1)} (${fmtRatio(ratio(naive.slowCommits, ours.slowCommits))}); per hot widget ${fmtNum(ours.hotCommits, 1)} vs ${fmtNum(naive.hotCommits, 1)}; frames/s ${fmtNum(ours.fps)} vs ${fmtNum(naive.fps)}; with the dev panel open ${fmtNum(stats('ours-devpanel').fps)} frames/s; publish → on screen p50 / p95 ours ${fmtMs(ours.screen50)} / ${fmtMs(ours.screen95)}, naive ${fmtMs(naive.screen50)} / ${fmtMs(naive.screen95)}.`,
    '',
    '![render](render.svg)',
  ])
  const svg = figure(`render: 8 feeds × ${rate} updates/s, ${widgets} widgets (Chromium)`, [
    { kind: 'bar', title: 'React commits per second, per widget (lower is better at equal freshness)', unit: 'commits / s', categories: MODES.map((m) => LABELS[m]), series: [{ name: 'hot widget (whole feed)', values: MODES.map((m) => stats(m).hotCommits), color: '#1b6ef3' }, { name: 'slow widget (status, 1/s)', values: MODES.map((m) => stats(m).slowCommits), color: '#7d5ba6' }] },
    { kind: 'bar', title: 'Main thread: frames per second (higher is better)', unit: 'frames / s', categories: MODES.map((m) => LABELS[m]), series: [{ name: 'frames/s', values: MODES.map((m) => stats(m).fps), color: '#17a398' }] },
    { kind: 'bar', title: 'Publish → on screen, p50 / p95 (lower is better)', unit: 'ms', categories: MODES.map((m) => LABELS[m]), series: [{ name: 'applied p50', values: MODES.map((m) => stats(m).applied50), color: '#9bc53d' }, { name: 'on screen p50', values: MODES.map((m) => stats(m).screen50), color: '#f3a712' }, { name: 'on screen p95', values: MODES.map((m) => stats(m).screen95), color: '#e4572e' }] },
  ])
  const files = writeResults('render', markdown, svg)
  console.log(`render: wrote ${files.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

await main()
