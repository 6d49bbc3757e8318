import { formatSince, formatValue } from './history'
import type { AlertStatus, Monitoring } from './types'

type TileUnit = Parameters<typeof formatValue>[1]

/** The headline figures, with the plan's target beside each. */
const TILES: readonly { id: string; label: string; unit: TileUnit; target: string; read: (m: Monitoring) => number | null }[] = [
  { id: 'success-rate', label: 'connection success', unit: 'ratio', target: '> 99 %', read: (m) => m.connections.successRate },
  { id: 'open-circuits', label: 'open circuits', unit: 'count', target: '', read: (m) => m.circuits.open },
  { id: 'disconnected', label: 'disconnected users', unit: 'ratio', target: '< 1 %', read: (m) => m.users.disconnectionRate },
  { id: 'reconnect', label: 'reconnection, mean', unit: 'ms', target: '< 5 s', read: (m) => m.reconnect.mean },
  { id: 'recovery', label: 'circuit recovery', unit: 'ratio', target: '> 90 %', read: (m) => m.circuits.recoveryRate },
  { id: 'freshness', label: 'freshness p95', unit: 'ms', target: '< 1 s', read: (m) => m.freshness.p95 },
  { id: 'memory', label: 'page memory (median)', unit: 'bytes', target: '', read: (m) => m.memory.current },
  { id: 'growth', label: 'memory growth', unit: 'bytes/h', target: '< 0.42 MB/h', read: (m) => m.memory.growthRate },
  { id: 'clients', label: 'clients reporting', unit: 'count', target: '', read: (m) => m.clients.live },
]

const element = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag)
  node.className = className
  node.textContent = text
  return node
}

/** Tiles, alert table and status line of the monitor; `render` updates them in place. */
export class MonitorView {
  private readonly values = new Map<string, HTMLElement>()
  private readonly alertRows: HTMLTableSectionElement
  private readonly status: HTMLElement

  constructor(root: HTMLElement, backend: string) {
    const header = element('header', 'monitor-header')
    header.append(element('h1', '', 'Fleet monitor'), element('span', 'monitor-backend', backend))
    this.status = element('p', 'monitor-status', 'waiting for the first figures…')
    this.status.dataset.testid = 'monitor-status'
    const tiles = element('section', 'tiles')
    for (const tile of TILES) {
      const box = element('div', 'tile')
      const value = element('strong', 'tile-value', '—')
      value.dataset.testid = `tile-${tile.id}`
      this.values.set(tile.id, value)
      box.append(element('span', 'tile-label', tile.label), value, element('span', 'tile-target', tile.target === '' ? '' : `target ${tile.target}`))
      tiles.append(box)
    }
    const table = element('table', 'alerts')
    table.dataset.testid = 'alerts'
    const head = table.createTHead().insertRow()
    for (const title of ['alert', 'severity', 'value', 'threshold', 'state', 'since']) head.append(element('th', '', title))
    this.alertRows = table.createTBody()
    root.append(header, this.status, tiles, element('h2', '', 'Alerts and rollback triggers'), table, element('h2', '', 'Last minutes'))
  }

  render(figures: Monitoring, alerts: readonly AlertStatus[], now: number): void {
    for (const tile of TILES) {
      const node = this.values.get(tile.id)
      if (node !== undefined) node.textContent = formatValue(tile.read(figures), tile.unit)
    }
    this.status.textContent = `${figures.clients.live} live clients (${figures.clients.followers} follower tabs), ${figures.totals.reports} reports; rates over the last ${Math.round(figures.windowMs / 60_000)} min`
    this.alertRows.replaceChildren(...alerts.map((alert) => {
      const row = document.createElement('tr')
      row.className = `alert alert--${alert.state}`
      row.dataset.testid = `alert-${alert.name}`
      const unit = alert.unit === 'bytes/h' ? 'bytes/h' : alert.unit
      row.append(
        element('td', '', alert.name),
        element('td', '', alert.severity),
        element('td', '', formatValue(alert.value, unit)),
        element('td', '', `${alert.comparison} ${formatValue(alert.threshold, unit)}`),
        element('td', 'alert-state', alert.state),
        element('td', '', formatSince(alert.since, now)),
      )
      return row
    }))
  }

  failed(message: string): void {
    this.status.textContent = `cannot read the collector: ${message}`
  }
}
