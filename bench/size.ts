/**
 * size — minified + gzipped bytes of each entry point vs the peers, same esbuild settings
 * (bundle, minify, esm, platform browser). Two views: the whole public entry (`export *`), and
 * the one import an app typically uses. Our store entry externalizes its peer deps (react, zustand, immer).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'
import { build } from 'esbuild'
import { BENCH_DIR } from './lib/child'
import { fmtBytes, fmtRatio, ratio } from './lib/stats'
import { figure } from './lib/svg'
import { markdownTable, resultHeader, writeResults } from './lib/table'

const ROOT = join(BENCH_DIR, '..')
const PEER_DEPS = ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'immer']

interface Entry { label: string; whole: string; used: string; external?: string[]; ours?: boolean }

const src = (path: string): string => JSON.stringify(join(ROOT, path))
const entries: Entry[] = [
  { label: 'ours: transport core (src/transport)', whole: `export * from ${src('src/transport/index.ts')}`, used: `import { createConnectionPool } from ${src('src/transport/index.ts')}; globalThis.x = createConnectionPool`, ours: true },
  { label: 'ours: store + transport (src/index.ts)', whole: `export * from ${src('src/index.ts')}`, used: `import { transport, createDashboardStore, RealtimeProvider, useEndpointHealth } from ${src('src/index.ts')}; globalThis.x = [transport, createDashboardStore, RealtimeProvider, useEndpointHealth]`, external: PEER_DEPS, ours: true },
  ...(existsSync(join(ROOT, 'src/devpanel/index.ts'))
    ? [{ label: 'ours: dev panel (src/devpanel)', whole: `export * from ${src('src/devpanel/index.ts')}`, used: `import { TransportDevPanel } from ${src('src/devpanel/index.ts')}; globalThis.x = TransportDevPanel`, external: PEER_DEPS, ours: true }]
    : []),
  { label: 'partysocket (whole package)', whole: `export * from 'partysocket'; export { default } from 'partysocket'`, used: `import PartySocket from 'partysocket'; globalThis.x = PartySocket` },
  { label: 'partysocket/ws', whole: `export * from 'partysocket/ws'; export { default } from 'partysocket/ws'`, used: `import WS from 'partysocket/ws'; globalThis.x = WS` },
  { label: 'reconnecting-websocket', whole: `export { default } from 'reconnecting-websocket'`, used: `import RWS from 'reconnecting-websocket'; globalThis.x = RWS` },
  { label: 'socket.io-client', whole: `export * from 'socket.io-client'`, used: `import { io } from 'socket.io-client'; globalThis.x = io` },
  { label: 'centrifuge', whole: `export * from 'centrifuge'`, used: `import { Centrifuge } from 'centrifuge'; globalThis.x = Centrifuge` },
]

interface Sizes { min: number; gzip: number; brotli: number }

async function measure(contents: string, external: string[] = []): Promise<Sizes> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, external,
    define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return {
    min: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  }
}

async function main(): Promise<void> {
  const rows: { entry: Entry; whole: Sizes; used: Sizes }[] = []
  for (const entry of entries) {
    rows.push({ entry, whole: await measure(entry.whole, entry.external), used: await measure(entry.used, entry.external) })
  }
  const core = rows[0]
  const table = markdownTable(
    ['entry', 'min (whole)', 'min + gzip (whole)', 'min + brotli (whole)', 'min + gzip (typical import)', 'gzip vs our transport core'],
    rows.map(({ entry, whole, used }) => [entry.label, fmtBytes(whole.min), fmtBytes(whole.gzip), fmtBytes(whole.brotli), fmtBytes(used.gzip), entry === core?.entry ? '—' : fmtRatio(ratio(whole.gzip, core?.whole.gzip ?? null))]),
  )
  const devpanelNote = existsSync(join(ROOT, 'src/devpanel/index.ts')) ? '' : '\n`src/devpanel/index.ts` does not exist yet: no dev panel row.'
  const coreGzip = core?.whole.gzip ?? Number.NaN
  const markdown = resultHeader('size — minified + gzipped bundle size', [
    'esbuild 0.28 `bundle, minify, format esm, platform browser, target es2022`, `NODE_ENV=production`; gzip level 9, brotli quality 11. "whole" = `export * from <entry>` (everything the entry offers); "typical import" = only what an app usually imports (tree-shaken). Our store entry externalizes its peer dependencies (react, zustand, immer); the peers bundle all of their own dependencies (socket.io-client includes engine.io-client, that is what users ship).',
    '',
    table,
    devpanelNote,
    '',
    `Target: ${coreGzip <= 5 * 1024 ? '✅' : '❌'} transport core ≤ 5 kB gzipped: ${fmtBytes(coreGzip)}.`,
    '',
    '![size](size.svg)',
  ])
  const svg = figure('size: min + gzip, whole entry (smaller is better)', [{
    kind: 'bar', title: 'bytes shipped to the browser', unit: 'kB, min + gzip',
    categories: rows.map((r) => r.entry.label),
    series: [{ name: 'whole entry', values: rows.map((r) => r.whole.gzip / 1024), color: '#1b6ef3' }, { name: 'typical import', values: rows.map((r) => r.used.gzip / 1024), color: '#17a398' }],
    guides: [{ value: 5, label: 'target 5 kB (core)' }],
    format: (kb: number) => `${kb.toFixed(1)} kB`,
  }])
  const files = writeResults('size', markdown, svg)
  for (const { entry, whole } of rows) console.log(`  ${entry.label.padEnd(40)} ${fmtBytes(whole.gzip)} gzip`)
  console.log(`size: wrote ${files.join(', ')}`)
}

await main()
