import { Charts, type ChartSpec } from './charts'
import { History } from './history'
import type { AlertStatus, Monitoring } from './types'
import { MonitorView } from './view'
import './monitor.css'

/**
 * `/monitor`: the fleet's figures from the reference server's collector (GET /monitoring,
 * GET /alerts), polled every `?everyMs=` (default 2000), with the last minutes as uPlot charts.
 * The backend is the demo's (`VITE_WS_BASE`), or `?backend=http://host:port`.
 */
const CHARTS: readonly ChartSpec[] = [
  { id: 'success', title: 'connection success', unit: 'ratio', lines: [{ label: 'success rate', color: '#15803d', read: (m) => m.connections.successRate }] },
  { id: 'circuits', title: 'circuits', unit: 'endpoints', lines: [{ label: 'open', color: '#b91c1c', read: (m) => m.circuits.open }, { label: 'half-open', color: '#b45309', read: (m) => m.circuits.halfOpen }] },
  { id: 'users', title: 'users', unit: 'clients', lines: [{ label: 'connected', color: '#15803d', read: (m) => m.users.connected }, { label: 'disconnected', color: '#b91c1c', read: (m) => m.users.disconnected }] },
  { id: 'latency', title: 'ping round trip', unit: 'ms', lines: [{ label: 'p50', color: '#1d4ed8', read: (m) => m.latency.p50 }, { label: 'p95', color: '#6d28d9', read: (m) => m.latency.p95 }, { label: 'p99', color: '#b91c1c', read: (m) => m.latency.p99 }] },
  { id: 'freshness', title: 'publish → applied', unit: 'ms', lines: [{ label: 'p50', color: '#1d4ed8', read: (m) => m.freshness.p50 }, { label: 'p95', color: '#6d28d9', read: (m) => m.freshness.p95 }, { label: 'p99', color: '#b91c1c', read: (m) => m.freshness.p99 }] },
  { id: 'memory', title: 'page memory (median client)', unit: 'MB', lines: [{ label: 'memory', color: '#0f766e', read: (m) => (m.memory.current === null ? null : m.memory.current / 1_000_000) }] },
]

const backendBase = (): string => {
  const fromQuery = new URLSearchParams(window.location.search).get('backend')
  const fromEnv: unknown = import.meta.env.VITE_WS_BASE
  const base = fromQuery ?? (typeof fromEnv === 'string' && fromEnv !== '' ? fromEnv : 'ws://127.0.0.1:8002')
  return (base.split(',')[0] ?? base).replace(/^ws/, 'http').replace(/\/$/, '')
}

const everyMs = (): number => {
  const value = Number(new URLSearchParams(window.location.search).get('everyMs'))
  return Number.isFinite(value) && value >= 250 ? value : 2000
}

const readJson = async <T>(url: string): Promise<T> => {
  const response = await fetch(url, { cache: 'no-store' })
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  return response.json() as Promise<T>
}

const start = (): void => {
  const root = document.getElementById('monitor')
  if (root === null) throw new Error('monitor.html has no #monitor element')
  const base = backendBase()
  const view = new MonitorView(root, base)
  const chartBox = document.createElement('section')
  chartBox.className = 'charts'
  root.append(chartBox)
  const history = new History(300)
  const charts = new Charts(chartBox, CHARTS, history)
  let busy = false
  const poll = async (): Promise<void> => {
    if (busy) return
    busy = true
    try {
      const [figures, alerts] = await Promise.all([readJson<Monitoring>(`${base}/monitoring`), readJson<{ alerts: AlertStatus[] }>(`${base}/alerts`)])
      history.push(figures)
      view.render(figures, alerts.alerts, figures.at)
      charts.update(history)
    } catch (error) {
      view.failed(error instanceof Error ? error.message : String(error))
    } finally {
      busy = false
    }
  }
  void poll()
  setInterval(() => void poll(), everyMs())
}

start()
