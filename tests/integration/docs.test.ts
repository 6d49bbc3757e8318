import WebSocket from 'ws'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { spawnServer } from '../helpers/serverProcess'

/**
 * The documentation is true by construction: every ```ts / ```tsx block of README.md and
 * MIGRATION.md compiles (strict, against src/ through the package names), the README's Quickstart
 * store fills its slices from the real reference server, every runtime export is named in the
 * README, and neither document points at papers users cannot see.
 *
 * Block conventions: ```ts nocheck (or ```tsx nocheck) skips a block; a block whose first line is
 * `// file: <path>` is written at that path, so later blocks can import it.
 */
const root = fileURLToPath(new URL('../..', import.meta.url))
const DOCUMENTS = ['README.md', 'MIGRATION.md'] as const

interface Block { doc: string; line: number; lang: 'ts' | 'tsx'; code: string; file: string }

export function codeBlocks(doc: string, markdown: string): Block[] {
  const blocks: Block[] = []
  const fence = /^```(tsx|ts)\b([^\n]*)\n([\s\S]*?)^```\s*$/gm
  for (const match of markdown.matchAll(fence)) {
    const [, lang, info = '', code = ''] = match
    if (lang !== 'ts' && lang !== 'tsx') continue
    if (/\bnocheck\b/.test(info)) continue
    const line = markdown.slice(0, match.index).split('\n').length + 1
    const named = /^\/\/ file: (\S+)/.exec(code)?.[1]
    blocks.push({ doc, line, lang, code, file: named ?? `block-line-${line}.${lang}` })
  }
  return blocks
}

const work = join(root, '.docs-check')
mkdirSync(work, { recursive: true })
const scratch = mkdtempSync(join(work, 'run-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const read = (doc: string) => readFileSync(join(root, doc), 'utf8')

describe('README.md and MIGRATION.md', () => {
  it('every TypeScript block type-checks (strict, as written)', () => {
    const where = new Map<string, string>()
    const files: string[] = []
    for (const doc of DOCUMENTS) {
      for (const block of codeBlocks(doc, read(doc))) {
        const path = join(scratch, doc.replace('.md', ''), block.file)
        mkdirSync(dirname(path), { recursive: true })
        // `export {}`: each block is its own module, as a file in the reader's app would be.
        writeFileSync(path, `${block.code}\nexport {}\n`)
        where.set(relative(scratch, path), `${doc} block at line ${block.line}`)
        files.push(path)
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(10)
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      // Blocks show parts of an app: names they declare for the reader need not all be used.
      compilerOptions: { noUnusedLocals: false, noUnusedParameters: false },
      include: ['**/*.ts', '**/*.tsx'],
    }))
    const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(scratch, 'tsconfig.json')], { cwd: scratch, encoding: 'utf8' })
    let report = `${tsc.stdout}${tsc.stderr}`
    for (const [file, label] of where) report = report.split(file).join(label)
    expect(report).toBe('')
    expect(tsc.status).toBe(0)
  }, 120_000)

  it('the Quickstart store, as written, fills queue and routes from the reference server', async () => {
    const quickstart = codeBlocks('README.md', read('README.md')).find((block) => block.code.includes('export const useRealtime'))
    expect(quickstart, 'the README has a Quickstart store block').toBeDefined()
    const server = await spawnServer()
    try {
      const code = (quickstart?.code ?? '').replaceAll('127.0.0.1:8002', `127.0.0.1:${server.port}`)
      const file = join(scratch, 'quickstart.tsx')
      writeFileSync(file, code)
      vi.stubGlobal('WebSocket', WebSocket) // Node 20 has no global WebSocket; a browser has its own
      const { useRealtime } = (await import(pathToFileURL(file).href)) as typeof import('./docs.quickstart.shape')
      void useRealtime.transport.connect()
      await vi.waitFor(() => {
        const state = useRealtime.getState()
        expect(state.queue).not.toBeNull()
        expect(state.routes).not.toBeNull()
      }, { timeout: 15_000, interval: 50 })
      const { queue, routes, connections } = useRealtime.getState()
      expect(Array.isArray(queue?.phases)).toBe(true)
      expect(routes?.routes.length).toBeGreaterThan(0)
      expect(typeof routes?.routes[0]?.path).toBe('string')
      expect(connections.queue.status).toBe('connected')
      useRealtime.transport.disconnect()
    } finally {
      vi.unstubAllGlobals()
      await server.stop()
    }
  }, 60_000)

  it('names every runtime export of every entry point in the README', async () => {
    const readme = read('README.md')
    const entries = ['zustand-realtime', 'zustand-realtime/transport', 'zustand-realtime/compat', 'zustand-realtime/compat/react-query']
    const missing: string[] = []
    for (const entry of entries) {
      const module = (await import(/* @vite-ignore */ entry)) as Record<string, unknown>
      for (const name of Object.keys(module)) {
        if (!new RegExp(`\\b${name}\\b`).test(readme)) missing.push(`${entry}: ${name}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('refers to no document a user cannot see', () => {
    for (const doc of DOCUMENTS) {
      const text = read(doc)
      const hidden = text.split('\n').map((line, index) => `${doc}:${index + 1}: ${line}`)
        .filter((line) => /\bSPEC\b|§|TEST-GAPS|FIELD-NOTES|\bissue\b/i.test(line.slice(line.indexOf(': ') + 2)))
      expect(hidden).toEqual([])
    }
  })

  it('the README gives the install line and the troubleshooting topics', () => {
    const readme = read('README.md')
    expect(readme).toContain('npm install zustand-realtime zustand')
    const troubleshooting = readme.slice(readme.indexOf('## Troubleshooting'))
    for (const topic of ['empty', 'heartbeat', '4401', 'StrictMode', 'Server-side rendering']) expect(troubleshooting).toContain(topic)
  })
})
