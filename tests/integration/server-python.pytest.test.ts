import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { PYTHON } from '../helpers/serverProcess'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

const run = (command: string, args: readonly string[]): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, output }))
  })

// pytest exits 5 when it collects no test, 1 on a failure: anything but 0 fails here, with its output.
it('the server-python pytest suite passes (FastAPI kit: protocol, admission, idle, legacy, SIGTERM → 1012)', async () => {
  const { code, output } = await run(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'server-python/tests'])
  const summary = output.trim().split('\n').at(-1) ?? ''
  console.log(`[pytest] ${summary}`)
  expect(code, output).toBe(0)
  expect(summary).toMatch(/^\d+ passed in /)
  expect(Number(/^(\d+) passed/.exec(summary)?.[1])).toBeGreaterThanOrEqual(20)
}, 120_000)
