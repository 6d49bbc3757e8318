import { expect, it } from 'vitest'
import { runToExit } from '../helpers/runToExit'
import { PYTHON } from '../helpers/serverProcess'

// pytest exits 5 when it collects no test, 1 on a failure: anything but 0 fails here, with its output.
it('the server-python pytest suite passes (FastAPI kit: protocol, admission, idle, legacy, SIGTERM → 1012)', async () => {
  const { code, output } = await runToExit(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'server-python/tests'])
  const summary = output.trim().split('\n').at(-1) ?? ''
  console.log(`[pytest] ${summary}`)
  expect(code, output).toBe(0)
  expect(summary).toMatch(/^\d+ passed in /)
  expect(Number(/^(\d+) passed/.exec(summary)?.[1])).toBeGreaterThanOrEqual(20)
}, 120_000)
