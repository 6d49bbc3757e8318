import { spawn } from 'node:child_process'
import { parseSoakArgs, USAGE, type SoakConfig } from './config'
import { gcAvailable } from './resources'

/**
 * `npm run soak -- [--minutes 3] [--seed 1] [--clients 20] [--no-browser] …`: the seeded chaos soak.
 * Re-runs itself with --expose-gc when needed (heap figures are taken after GC); exits 1 on any
 * mismatch, lost/stale update, unrecovered client, leak or unhandled error.
 */
const argv = process.argv.slice(2)

const main = async (): Promise<number> => {
  // 3 instances on Redis with their own faults (soak/scaled.ts); the flags are its own.
  if (argv.includes('--scaled')) return (await import('./scaled')).runScaledSoak()
  let config: SoakConfig
  try {
    config = parseSoakArgs(argv)
  } catch (error) {
    console.log(error instanceof Error ? error.message : String(error))
    console.log(USAGE)
    return 2
  }
  if (!gcAvailable()) {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'soak/run.ts', ...argv], { stdio: 'inherit' })
    return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))))
  }
  // Loaded only in the process that runs the soak (not in the launcher that re-runs with --expose-gc).
  const [{ runSoak }, { computeFigures }, { writeReport }] = await Promise.all([import('./soak'), import('./figures'), import('./report')])
  const log = config.verbose ? (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`) : () => {}
  const run = await runSoak(config, log)
  const figures = computeFigures(run)
  const paths = writeReport(run, figures, config.outDir, config.name)
  console.log(`soak ${figures.passed ? 'PASSED' : 'FAILED'}: ${figures.events.total} faults, ${figures.consistency.mismatches} mismatches, ` +
    `${figures.updates.lost + figures.updates.duplicated + figures.updates.stale} lost/dup/stale, ${run.errors.length} errors → ${paths.join(', ')}`)
  for (const failure of figures.failures) console.log(`  ✗ ${failure}`)
  return figures.passed ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.log(`soak crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
    process.exit(1)
  },
)
