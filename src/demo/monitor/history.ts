import type { Monitoring } from './types'

/** One chart's columns: time (s) then one array per line; missing values are null (uPlot leaves a gap). */
export type Columns = [number[], ...(number | null)[][]]

/** A line of a chart: its label and how to read it from a snapshot. */
export interface Line {
  label: string
  read: (figures: Monitoring) => number | null
}

/**
 * The last `capacity` snapshots of the fleet, as columns per chart: the monitor keeps minutes of
 * history in a fixed amount of memory however long the page stays open.
 */
export class History {
  private readonly snapshots: Monitoring[] = []

  constructor(private readonly capacity = 300) {}

  push(figures: Monitoring): void {
    this.snapshots.push(figures)
    if (this.snapshots.length > this.capacity) this.snapshots.splice(0, this.snapshots.length - this.capacity)
  }

  get length(): number {
    return this.snapshots.length
  }

  columns(lines: readonly Line[]): Columns {
    return [this.snapshots.map((figures) => figures.at / 1000), ...lines.map((line) => this.snapshots.map((figures) => line.read(figures)))]
  }
}

/** `99.5 %`, `12 ms`, `3.4 MB`, `—` for no data. */
export const formatValue = (value: number | null, unit: 'ratio' | 'ms' | 'bytes' | 'bytes/h' | 'count'): string => {
  if (value === null || !Number.isFinite(value)) return '—'
  if (unit === 'ratio') return `${(value * 100).toFixed(value >= 0.995 && value < 1 ? 2 : 1)} %`
  if (unit === 'ms') return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`
  if (unit === 'bytes') return `${(value / 1_000_000).toFixed(1)} MB`
  if (unit === 'bytes/h') return `${(value / 1_000_000).toFixed(2)} MB/h`
  return String(Math.round(value))
}

/** `3 min ago`, `12 s ago`. */
export const formatSince = (since: number, now: number): string => {
  const seconds = Math.max(0, Math.round((now - since) / 1000))
  if (seconds < 90) return `${seconds} s ago`
  const minutes = Math.round(seconds / 60)
  return minutes < 90 ? `${minutes} min ago` : `${(minutes / 60).toFixed(1)} h ago`
}
