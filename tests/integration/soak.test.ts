import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { SoakFigures } from '../../soak/figures'
import type { SoakRun } from '../../soak/soak'

/**
 * The CI soak: ~50 s of seeded chaos (server SIGKILL/SIGTERM restarts, refused and full server,
 * pong blackout, latency, garbage, offline clients, bursts) against 6 Node dashboard stores, run
 * as `npm run soak` would (its own process, with --expose-gc). Fails on any store/server mismatch,
 * lost/duplicated/stale update, client that never recovers, leak or unhandled error.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SEED = 10
const out = mkdtempSync(join(tmpdir(), 'soak-ci-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

const runSoak = (args: readonly string[]): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'soak/run.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const killer = setTimeout(() => child.kill('SIGKILL'), 150_000)
    child.once('exit', (code) => {
      clearTimeout(killer)
      resolve({ code, output })
    })
  })

describe('soak (CI version)', () => {
  it('a seeded minute of chaos: every store ends equal to the server, nothing lost, no leak, no unhandled error', async () => {
    const { code, output } = await runSoak(['--minutes', '0.85', '--seed', String(SEED), '--clients', '6', '--no-browser', '--out', out, '--name', 'ci', '--quiet'])
    const report = JSON.parse(readFileSync(join(out, 'ci.json'), 'utf8')) as { figures: SoakFigures; run: SoakRun }
    const { figures, run } = report
    expect(figures.failures, output).toEqual([])
    expect(code, output).toBe(0)
    expect(figures.events.total).toBeGreaterThanOrEqual(5)
    expect(figures.consistency.finalMismatches).toBe(0)
    expect(figures.consistency.mismatches).toBe(0)
    expect(figures.updates.lost + figures.updates.duplicated + figures.updates.stale + figures.updates.missingSeq).toBe(0)
    expect(figures.updates.socketFrames).toBeGreaterThan(1000)
    expect(figures.recovery.unrecovered).toBe(0)
    expect(figures.recovery.node.count).toBeGreaterThan(0)
    expect(run.errors).toEqual([])
    expect(run.handles.leftover).toEqual([])
    expect(run.handles.storesRetained).toBe(0)
    expect(figures.memory.teardownDeltaMB).toBeLessThan(5)
    // The soak reports through the reporter: its own figures and the collector's are the same numbers.
    const collector = run.collector
    expect(collector?.finalReports).toBe(6)
    for (const name of ['attempts', 'successes', 'failures', 'circuitOpenings', 'circuitRecoveries', 'messagesIn'] as const) {
      expect(collector?.totals[name], name).toBe(run.metrics.node.reduce((sum, m) => sum + m[name], 0))
    }
    expect(collector?.totals.attempts).toBeGreaterThan(48)
    expect(collector?.totals.failures).toBeGreaterThan(0)
    expect(figures.collector?.agrees).toBe(true)
    expect(collector?.totals.reports).toBeGreaterThan(6)
  }, 160_000)
})
