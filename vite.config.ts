import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { configDefaults, defineConfig } from 'vitest/config'

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// The package's public names resolve to src/, so tests import what users import.
export const alias = [
  { find: /^zustand-realtime$/, replacement: fromRoot('./src/index.ts') },
  { find: /^zustand-realtime\/transport$/, replacement: fromRoot('./src/transport/index.ts') },
  { find: /^zustand-realtime\/reporter$/, replacement: fromRoot('./src/reporter/index.ts') },
  { find: /^zustand-realtime\/compat$/, replacement: fromRoot('./src/compat/index.ts') },
  { find: /^zustand-realtime\/compat\/react-query$/, replacement: fromRoot('./src/compat/reactQuery.ts') },
  { find: /^zustand-realtime\/devpanel$/, replacement: fromRoot('./src/devpanel/index.ts') },
  { find: /^zustand-realtime\/devpanel\/production$/, replacement: fromRoot('./src/devpanel/production.ts') },
  { find: /^zustand-realtime\/mocks$/, replacement: fromRoot('./src/mocks/index.ts') },
]

export default defineConfig({
  plugins: [react()],
  resolve: { alias },
  // Two pages: the dashboard and the fleet monitor (/monitor).
  build: { rollupOptions: { input: { main: fromRoot('./index.html'), monitor: fromRoot('./monitor.html') } } },
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}'],
    // Stryker's sandbox holds a copy of the whole project while `npm run test:mutation` runs.
    exclude: [...configDefaults.exclude, '.stryker-tmp/**'],
    environment: 'node',
    // Generous: integration cases start real servers (tsx, uvicorn, redis-server) on 2 shared cores.
    // Waits inside tests have their own, shorter bounds; this only catches a hang.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/transport/**', 'src/store/**', 'src/compat/**', 'src/devpanel/**', 'src/mocks/**'],
      exclude: ['.stryker-tmp/**'],
      reporter: ['text-summary', 'text'],
      thresholds: { 'src/transport/**': { lines: 90 } },
    },
  },
})
