import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The package as a user gets it: `npm run build`, `npm pack`, then the checks a registry user would
 * run (arethetypeswrong, publint) and a fresh app that installs the tarball offline with only the
 * dependencies it needs. No network: the app's other packages are linked from this repo's node_modules.
 */
const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = (name: string) => join(root, 'node_modules', '.bin', name)
let work = ''
let tarball = ''

const run = (command: string, args: string[], cwd: string) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_ENV: '' } })
  return { code: result.status, output: `${result.stdout}${result.stderr}` }
}

/** A fresh app directory with the tarball installed and `links` (packages of this repo) beside it. */
const freshApp = (name: string, links: readonly string[]) => {
  const app = join(work, name)
  mkdirSync(app)
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }))
  const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--legacy-peer-deps', tarball], app)
  expect(install.code, install.output).toBe(0)
  for (const link of links) {
    const target = join(app, 'node_modules', link)
    mkdirSync(dirname(target), { recursive: true })
    symlinkSync(join(root, 'node_modules', link), target, 'dir')
  }
  return app
}
const nodeEval = (cwd: string, code: string) => run(process.execPath, ['--input-type=module', '-e', code], cwd)

beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' })
  work = mkdtempSync(join(tmpdir(), 'zustand-realtime-package-'))
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' })) as { filename: string }[]
  tarball = join(work, packed[0]?.filename ?? '')
}, 120_000)
afterAll(() => { if (work !== '') rmSync(work, { recursive: true, force: true }) })

describe('the packed package', () => {
  it('arethetypeswrong (ESM): every entry point resolves to types and JS under node16 and bundler', () => {
    const { code, output } = run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'json'], work)
    const report = JSON.parse(output) as { problems?: Record<string, { entrypoint: string; resolutionKind?: string }[]> }
    const problems = Object.entries(report.problems ?? {}).flatMap(([kind, list]) =>
      list.filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs').map((p) => `${kind} ${p.entrypoint} (${p.resolutionKind})`))
    expect(problems).toEqual([])
    expect(code).toBe(0)
  }, 60_000)

  it('publint --strict: all good', () => {
    const { code, output } = run(bin('publint'), ['run', tarball, '--strict'], work)
    expect(output).toContain('All good!')
    expect(code).toBe(0)
  }, 60_000)

  it('leaves the dev panel\'s production switch to the user\'s bundler (nothing frozen in dist)', () => {
    const code = readdirSync(join(root, 'dist', 'devpanel')).filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(root, 'dist', 'devpanel', file), 'utf8')).join('\n')
    expect(code).toContain('process.env.NODE_ENV')
    expect(code).not.toMatch(/return\s*"(development|production)"/)
  })

  it('ships LICENSE, declares its peers, and needs no immer, msw or react-query where they are not used', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      license: string; peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }>
    }
    expect(manifest.license).toBe('MIT')
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/)
    const optional = Object.entries(manifest.peerDependenciesMeta).filter(([, meta]) => meta.optional).map(([name]) => name).sort()
    expect(optional).toEqual(['@mswjs/data', '@tanstack/react-query', 'immer', 'msw', 'react-dom', 'ws'])
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@mswjs/data', '@tanstack/react-query', 'immer', 'msw', 'react', 'react-dom', 'ws', 'zustand'])
  })
})

describe('installed into a fresh app', () => {
  it('zustand-realtime/transport runs in Node with nothing else installed', () => {
    const app = freshApp('transport-only', [])
    expect(readdirSync(join(app, 'node_modules')).filter((entry) => !entry.startsWith('.'))).toEqual(['zustand-realtime'])
    const { code, output } = nodeEval(app, `
      import { createConnectionPool } from 'zustand-realtime/transport'
      const pool = createConnectionPool({ endpoints: [{ name: 'queue', url: 'ws://127.0.0.1:9/api/v1/ws/queue' }], lifecycle: null })
      console.log(JSON.stringify([pool.endpoints, pool.health('queue').status]))
      pool.disconnect()`)
    expect(output.trim()).toBe('[["queue"],"disconnected"]')
    expect(code).toBe(0)
  }, 60_000)

  it('the root and /compat import with react and zustand only (no immer, no react-query), and opening nothing on import', () => {
    const app = freshApp('react-app', ['react', 'zustand'])
    expect(existsSync(join(app, 'node_modules', 'immer'))).toBe(false)
    const { code, output } = nodeEval(app, `
      const root = await import('zustand-realtime')
      const compat = await import('zustand-realtime/compat')
      const store = root.createDashboardStore('ws://127.0.0.1:9', { lifecycle: null, devtools: { enabled: false } })
      console.log(JSON.stringify([typeof compat.useWebSocketConnection, store.getState().connections.queue.status]))`)
    expect(output.trim()).toBe('["function","disconnected"]')
    expect(code).toBe(0)
  }, 60_000)

  it('a strict TypeScript app with moduleResolution nodenext type-checks against the .d.ts files', () => {
    const app = freshApp('typed-app', ['react', 'react-dom', 'zustand', '@types/react', '@types/react-dom'])
    const fixture = join(root, 'tests', 'fixtures', 'package-app')
    for (const file of ['app.tsx', 'tsconfig.json']) copyFileSync(join(fixture, file), join(app, file))
    const { code, output } = run(bin('tsc'), ['-p', join(app, 'tsconfig.json')], app)
    expect(output).toBe('')
    expect(code).toBe(0)
  }, 60_000)
})
