import { defineConfig } from 'vitest/config'

/** `npm run test:e2e`: the browser suite (reference server + Vite + headless Chromium), one file at a time. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
})
