// `npm run build`: the library to dist/ — ESM bundles per entry point (shared code in chunks) + .d.ts.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { build } from 'esbuild'
import { addDeclarationExtensions } from './dtsExtensions.mjs'

const entryPoints = [
  'src/index.ts', 'src/transport/index.ts', 'src/reporter/index.ts', 'src/compat/index.ts', 'src/compat/reactQuery.ts',
  'src/devpanel/index.ts', 'src/devpanel/production.ts', 'src/mocks/index.ts',
  // The `zustand-realtime-conformance` bin (its hashbang line is kept) and its programmatic API.
  'src/conformance/cli.ts', 'src/conformance/index.ts',
]

rmSync('dist', { recursive: true, force: true })
await build({
  entryPoints,
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  // 'neutral': esbuild defines no process.env.NODE_ENV, so the user's bundler decides dev vs production.
  platform: 'neutral',
  packages: 'external',
  jsx: 'automatic',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'info',
})
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
addDeclarationExtensions('dist')
console.log('dist/ written: ' + entryPoints.map((e) => e.replace(/^src\//, '').replace(/\.ts$/, '.js')).join(', '))
