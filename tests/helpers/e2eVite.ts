import { fileURLToPath } from 'node:url'
import { createServer, type ViteDevServer } from 'vite'
import { freePort } from '../../server/freePort'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Everything the demo imports, bundled up front: a dependency found late would need a page reload. */
const DEMO_DEPENDENCIES = [
  'react',
  'react/jsx-dev-runtime',
  'react/jsx-runtime',
  'react-dom/client',
  'zustand',
  'zustand/middleware',
  'zustand/middleware/immer',
  'zustand/react/shallow',
  'zustand/vanilla',
  'zustand/vanilla/shallow',
  'immer',
  'uplot',
]

/** The demo served by Vite's dev server, pointed at one backend. */
export interface E2EDemo {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string
  close(): Promise<void>
}

/**
 * Starts the demo (index.html → src/demo/main.tsx) with `VITE_WS_BASE=wsBase`, no HMR
 * and no Vite WebSocket (so the page's only sockets are the dashboard's) and its own dependency cache.
 */
export const startDemo = async (wsBase: string): Promise<E2EDemo> => {
  const port = await freePort()
  const previous = process.env.VITE_WS_BASE
  process.env.VITE_WS_BASE = wsBase // Vite reads VITE_* from the environment when it resolves its config
  let vite: ViteDevServer
  try {
    vite = await createServer({
      root: ROOT,
      mode: 'development',
      logLevel: 'warn',
      clearScreen: false,
      cacheDir: 'node_modules/.vite-e2e',
      server: { host: '127.0.0.1', port, strictPort: true, hmr: false, ws: false, watch: null },
      optimizeDeps: { include: DEMO_DEPENDENCIES },
    })
    await vite.listen()
  } finally {
    if (previous === undefined) delete process.env.VITE_WS_BASE
    else process.env.VITE_WS_BASE = previous
  }
  return { url: `http://127.0.0.1:${port}/`, close: () => vite.close() }
}
