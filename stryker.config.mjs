// Mutation testing: `npm run test:mutation [-- src/transport/scheduler.ts ...]` (scripts/mutation-run.sh).
// Not part of `npm test` or CI — a full run takes tens of minutes.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  mutate: [
    'src/transport/connection.ts',
    // Split out of connection.ts: mutated as they were there.
    'src/transport/traffic.ts',
    'src/transport/failureStreak.ts',
    'src/transport/inboundFrame.ts',
    'src/transport/connectionState.ts',
    'src/transport/hostRecovery.ts',
    'src/transport/scheduler.ts',
    'src/store/transport.ts',
    'src/store/flushScheduler.ts',
  ],
  // TypeScript 7 has no JS API: no type checker, and a tsconfig path that does not exist keeps
  // Stryker from trying to rewrite the project's.
  tsconfigFile: 'tsconfig.stryker-none.json',
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Fake-timer tests run in milliseconds: a mutant that loops is cut off soon.
  timeoutMS: 2000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
}
