/** A tiny SVG chart generator: line panels (time series, CDFs) and grouped horizontal bars, stacked in one figure. */

export interface Series {
  name: string
  points: readonly (readonly [number, number])[]
  color?: string
  /** Draw as a step function (counts, CDFs). */
  step?: boolean
  dashed?: boolean
}

export interface LinePanel {
  kind: 'line'
  title: string
  xLabel: string
  yLabel: string
  series: readonly Series[]
  xRange?: readonly [number, number]
  yRange?: readonly [number, number]
  /** Vertical reference lines (e.g. "server back"). */
  markers?: readonly { x: number; label: string }[]
  /** Horizontal reference lines (e.g. a target). */
  guides?: readonly { y: number; label: string }[]
}

export interface BarPanel {
  kind: 'bar'
  title: string
  unit: string
  categories: readonly string[]
  series: readonly { name: string; values: readonly (number | null)[]; color?: string }[]
  format?: (value: number) => string
  guides?: readonly { value: number; label: string }[]
}

export type Panel = LinePanel | BarPanel

export const PALETTE = ['#1b6ef3', '#e4572e', '#17a398', '#f3a712', '#7d5ba6', '#8c8c8c', '#c2185b', '#2e7d32']

/** Fixed colours per client so every plot reads the same way. */
export const CLIENT_COLORS: Record<string, string> = {
  ours: '#1b6ef3',
  partysocket: '#e4572e',
  'reconnecting-websocket': '#f3a712',
  naive: '#7d5ba6',
  raw: '#8c8c8c',
}

const VARIANT_COLORS = ['#17a398', '#c2185b', '#2e7d32', '#5d4037', '#00838f']

/** A client's colour; variants of ours (labels not in CLIENT_COLORS) get distinct extra colours in order. */
export function colorOf(label: string, variantIndex = 0): string {
  return CLIENT_COLORS[label] ?? VARIANT_COLORS[variantIndex % VARIANT_COLORS.length] ?? '#000'
}

const WIDTH = 880
const MARGIN = { left: 72, right: 24, top: 48, bottom: 48 }
const esc = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
const r = (n: number): string => (Math.round(n * 10) / 10).toString()

/** "Nice" ticks (1, 2, 5 × 10^k) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return [min]
  const raw = (max - min) / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude
  const ticks: number[] = []
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Math.round(t / step) * step)
  return ticks
}

const tickLabel = (value: number): string => {
  const abs = Math.abs(value)
  if (abs >= 1e6) return `${r(value / 1e6)}M`
  if (abs >= 1e4) return `${r(value / 1e3)}k`
  return Number.isInteger(value) ? String(value) : value.toFixed(abs < 1 ? 2 : 1)
}

const text = (x: number, y: number, content: string, attrs = ''): string =>
  `<text x="${r(x)}" y="${r(y)}" ${attrs}>${esc(content)}</text>`

const LEGEND_ROW = 15

/** Legend entries left to right, wrapping to a new row at the right edge; returns the extra height used. */
function legend(items: readonly { name: string; color: string; dashed?: boolean }[], y: number): { svg: string; extra: number } {
  let x = MARGIN.left
  let row = 0
  const svg = items.map(({ name, color, dashed }) => {
    const width = 30 + name.length * 6.4
    if (x + width > WIDTH - MARGIN.right && x > MARGIN.left) { x = MARGIN.left; row++ }
    const ly = y + row * LEGEND_ROW
    const item = `<line x1="${x}" y1="${ly}" x2="${x + 18}" y2="${ly}" stroke="${color}" stroke-width="3"${dashed ? ' stroke-dasharray="5 3"' : ''}/>` +
      text(x + 22, ly + 4, name, 'font-size="11"')
    x += width
    return item
  }).join('')
  return { svg, extra: row * LEGEND_ROW }
}

/** Keeps what changes the drawing: points within [x0, x1] (plus one on each side), minus the middle of flat runs. */
function simplify(points: readonly (readonly [number, number])[], x0: number, x1: number): (readonly [number, number])[] {
  const first = Math.max(0, points.findIndex(([x]) => x >= x0) - 1)
  const lastInside = points.findLastIndex(([x]) => x <= x1)
  const visible = points.slice(first, Math.min(points.length, (lastInside < 0 ? points.length : lastInside) + 2))
  return visible.filter((point, i) => {
    const before = visible[i - 1]
    const after = visible[i + 1]
    return before === undefined || after === undefined || !(before[1] === point[1] && after[1] === point[1])
  })
}

function linePanel(panel: LinePanel, top: number): { svg: string; height: number } {
  const key = legend(panel.series.map((s, i) => ({ name: s.name, color: s.color ?? PALETTE[i % PALETTE.length] ?? '#000', dashed: s.dashed })), top + 34)
  const height = 300 + key.extra
  const plotTop = top + MARGIN.top + key.extra
  const plotHeight = height - MARGIN.top - key.extra - MARGIN.bottom
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const all = panel.series.flatMap((s) => s.points)
  const xs = all.map(([x]) => x)
  const ys = all.map(([, y]) => y)
  const [x0, x1] = panel.xRange ?? [Math.min(...xs, 0), Math.max(...xs, 1)]
  const [y0, y1] = panel.yRange ?? [0, Math.max(...ys, ...(panel.guides ?? []).map((g) => g.y), 1) * 1.05]
  const sx = (x: number): number => MARGIN.left + ((Math.min(Math.max(x, x0), x1) - x0) / (x1 - x0 || 1)) * plotWidth
  const sy = (y: number): number => plotTop + plotHeight - ((Math.min(Math.max(y, y0), y1) - y0) / (y1 - y0 || 1)) * plotHeight
  const parts: string[] = [text(MARGIN.left, top + 18, panel.title, 'font-size="14" font-weight="bold"'), key.svg]
  for (const t of niceTicks(y0, y1, 5)) {
    parts.push(`<line x1="${MARGIN.left}" y1="${r(sy(t))}" x2="${WIDTH - MARGIN.right}" y2="${r(sy(t))}" stroke="#e6e6e6"/>`)
    parts.push(text(MARGIN.left - 6, sy(t) + 4, tickLabel(t), 'font-size="10" text-anchor="end"'))
  }
  for (const t of niceTicks(x0, x1, 10)) {
    parts.push(`<line x1="${r(sx(t))}" y1="${plotTop + plotHeight}" x2="${r(sx(t))}" y2="${plotTop + plotHeight + 4}" stroke="#666"/>`)
    parts.push(text(sx(t), plotTop + plotHeight + 16, tickLabel(t), 'font-size="10" text-anchor="middle"'))
  }
  parts.push(`<rect x="${MARGIN.left}" y="${plotTop}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`)
  parts.push(text(MARGIN.left + plotWidth / 2, top + height - 10, panel.xLabel, 'font-size="11" text-anchor="middle"'))
  parts.push(text(16, plotTop + plotHeight / 2, panel.yLabel, `font-size="11" text-anchor="middle" transform="rotate(-90 16 ${r(plotTop + plotHeight / 2)})"`))
  for (const guide of panel.guides ?? []) {
    parts.push(`<line x1="${MARGIN.left}" y1="${r(sy(guide.y))}" x2="${WIDTH - MARGIN.right}" y2="${r(sy(guide.y))}" stroke="#2e7d32" stroke-dasharray="6 4"/>`)
    parts.push(text(WIDTH - MARGIN.right - 4, sy(guide.y) - 4, guide.label, 'font-size="10" text-anchor="end" fill="#2e7d32"'))
  }
  for (const marker of panel.markers ?? []) {
    parts.push(`<line x1="${r(sx(marker.x))}" y1="${plotTop}" x2="${r(sx(marker.x))}" y2="${plotTop + plotHeight}" stroke="#444" stroke-dasharray="3 3"/>`)
    parts.push(text(sx(marker.x) + 4, plotTop + 12, marker.label, 'font-size="10" fill="#444"'))
  }
  panel.series.forEach((series, index) => {
    const points = simplify(series.points, x0, x1)
    if (points.length === 0) return
    const color = series.color ?? PALETTE[index % PALETTE.length] ?? '#000'
    const coords: string[] = []
    let previousY: number | null = null
    // Points closer than a pixel to the previous one only move its end: keep the drawing, drop the bytes.
    let lastPixel = Number.NaN
    for (const [x, y] of points) {
      const px = Math.round(sx(x))
      if (px === lastPixel && coords.length > 1) {
        coords[coords.length - 1] = `${px},${r(sy(y))}`
      } else {
        if (series.step && previousY !== null) coords.push(`${px},${r(sy(previousY))}`)
        coords.push(`${px},${r(sy(y))}`)
      }
      lastPixel = px
      previousY = y
    }
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 3"' : ''} points="${coords.join(' ')}"/>`)
  })
  return { svg: parts.join('\n'), height }
}

function barPanel(panel: BarPanel, top: number): { svg: string; height: number } {
  const barHeight = 14
  const groupGap = 10
  const perGroup = panel.series.length * barHeight + groupGap
  const key = legend(panel.series.map((s, i) => ({ name: s.name, color: s.color ?? PALETTE[i % PALETTE.length] ?? '#000' })), top + 34)
  const plotTop = top + MARGIN.top + key.extra
  const plotHeight = panel.categories.length * perGroup
  const height = plotHeight + MARGIN.top + key.extra + 36
  const left = Math.max(140, 16 + Math.max(...panel.categories.map((c) => c.length)) * 6.2)
  const plotWidth = WIDTH - left - MARGIN.right - 70
  const values = panel.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v))
  const max = Math.max(...values, ...(panel.guides ?? []).map((g) => g.value), 1e-9) * 1.05
  const sx = (v: number): number => left + (Math.max(0, v) / max) * plotWidth
  const format = panel.format ?? tickLabel
  const parts: string[] = [text(MARGIN.left, top + 18, panel.title, 'font-size="14" font-weight="bold"'), key.svg]
  for (const t of niceTicks(0, max, 6)) {
    parts.push(`<line x1="${r(sx(t))}" y1="${plotTop}" x2="${r(sx(t))}" y2="${plotTop + plotHeight}" stroke="#eee"/>`)
    parts.push(text(sx(t), plotTop + plotHeight + 14, tickLabel(t), 'font-size="10" text-anchor="middle"'))
  }
  parts.push(text(left + plotWidth / 2, plotTop + plotHeight + 30, panel.unit, 'font-size="11" text-anchor="middle"'))
  panel.categories.forEach((category, c) => {
    const groupTop = plotTop + c * perGroup
    parts.push(text(left - 8, groupTop + (panel.series.length * barHeight) / 2 + 4, category, 'font-size="11" text-anchor="end"'))
    panel.series.forEach((series, s) => {
      const value = series.values[c]
      const y = groupTop + s * barHeight
      const color = series.color ?? PALETTE[s % PALETTE.length] ?? '#000'
      if (value === null || value === undefined || !Number.isFinite(value)) {
        parts.push(text(left + 4, y + barHeight - 3, 'n/a', 'font-size="10" fill="#999"'))
        return
      }
      parts.push(`<rect x="${left}" y="${r(y + 1)}" width="${r(Math.max(1, sx(value) - left))}" height="${barHeight - 2}" fill="${color}"/>`)
      parts.push(text(sx(value) + 4, y + barHeight - 3, format(value), 'font-size="10"'))
    })
  })
  for (const guide of panel.guides ?? []) {
    parts.push(`<line x1="${r(sx(guide.value))}" y1="${plotTop - 4}" x2="${r(sx(guide.value))}" y2="${plotTop + plotHeight}" stroke="#2e7d32" stroke-dasharray="6 4"/>`)
    parts.push(text(sx(guide.value) + 3, plotTop - 6, guide.label, 'font-size="10" fill="#2e7d32"'))
  }
  return { svg: parts.join('\n'), height }
}

/** One SVG with the panels stacked top to bottom. */
export function figure(title: string, panels: readonly Panel[], note?: string): string {
  let top = 36
  const bodies: string[] = []
  for (const panel of panels) {
    const { svg, height } = panel.kind === 'line' ? linePanel(panel, top) : barPanel(panel, top)
    bodies.push(svg)
    top += height + 12
  }
  const height = top + (note ? 20 : 0)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${r(height)}" viewBox="0 0 ${WIDTH} ${r(height)}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    text(WIDTH / 2, 24, title, 'font-size="16" font-weight="bold" text-anchor="middle"'),
    ...bodies,
    note ? text(MARGIN.left, height - 10, note, 'font-size="10" fill="#666"') : '',
    '</svg>',
    '',
  ].join('\n')
}
