import { configDefaults, defineConfig } from 'vitest/config'
import base from './vite.config'

// Only for mutation testing (`npm run test:mutation`): the unit tests, since the integration tests
// start real servers and each of the thousands of mutant runs would take seconds. Spread, not
// mergeConfig: that would concatenate the include lists.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    // Its 5,000-level nesting overflows the stack under Stryker's instrumentation.
    exclude: [...configDefaults.exclude, '.stryker-tmp/**', 'tests/unit/fuzz.client.regressions.test.ts'],
  },
})
