import { createServer as createNetServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createServer, type ViteDevServer } from 'vite'

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

/** A port nobody listens on right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))))
    })
  })

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
