import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createDemoStore } from './demoStore'
import { exposeForTests } from './devHandle'
import { parsePageConfig } from './pageConfig'
import './styles.css'

const DEFAULT_WS_BASE = 'ws://127.0.0.1:8002'
const MOCK_WS_BASE = 'ws://localhost:8002'

const envBase = (): string | undefined => {
  const value: unknown = import.meta.env.VITE_WS_BASE
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The collector of the (first) backend: `ws://host:port` → `http://host:port/reports`. */
const collectorUrl = (backend: string): string => `${(backend.split(',')[0] ?? backend).replace(/^ws/, 'http')}/reports`

const boot = async (): Promise<void> => {
  const mock = import.meta.env.MODE === 'mock'
  const backend = envBase() ?? (mock ? MOCK_WS_BASE : DEFAULT_WS_BASE)
  if (mock) {
    // The worker patches WebSocket, so it must run before the store creates its pool.
    const { startMockWorker } = await import('../mocks/browser')
    await startMockWorker({ baseUrl: backend })
  }
  const root = document.getElementById('root')
  if (root === null) throw new Error('index.html has no #root element')
  if (new URLSearchParams(window.location.search).get('view') === 'facade') {
    const { FacadeApp } = await import('./facade/FacadeApp')
    createRoot(root).render(<StrictMode><FacadeApp backend={backend} /></StrictMode>)
    return
  }
  const { pollIntervalMs, report, ...transportOptions } = parsePageConfig(window.location.search)
  // `npm start -- --instances 3` passes every instance, comma-separated: the feeds fail over between them.
  const store = createDemoStore(backend.includes(',') ? backend.split(',') : backend, {
    ...transportOptions,
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
    devtools: { name: 'zustand-realtime demo', enabled: import.meta.env.DEV },
  })
  exposeForTests(store)
  if (report !== undefined) {
    // Loaded only when asked for: a page that does not report carries none of it.
    const { reportMetrics } = await import('../reporter')
    reportMetrics(store, { url: collectorUrl(backend), labels: { app: 'demo' }, ...report })
  }
  createRoot(root).render(
    <StrictMode>
      <App store={store} backend={backend} mock={mock} />
    </StrictMode>,
  )
}

void boot()
