/** Small, dependency-free statistics for the benchmarks: medians, quantiles, window peaks, formatting. */

/** Sorted copy, ascending. */
export const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b)

/** Quantile q ∈ [0, 1] by linear interpolation between closest ranks; null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null
  const s = sorted(values)
  const position = Math.min(Math.max(q, 0), 1) * (s.length - 1)
  const low = Math.floor(position)
  const high = Math.ceil(position)
  const lowValue = s[low] ?? 0
  const highValue = s[high] ?? lowValue
  return lowValue + (highValue - lowValue) * (position - low)
}

export const median = (values: readonly number[]): number | null => quantile(values, 0.5)

/** The median, or NaN when there is nothing (so ratios of missing data print as "n/a"). */
export const medianOrNaN = (values: readonly number[]): number => median(values) ?? Number.NaN

export const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0)

export const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : sum(values) / values.length)

/**
 * The most events inside any window of `windowMs` ([t, t + windowMs)), and where it starts.
 * `times` need not be sorted.
 */
export function peakInWindow(times: readonly number[], windowMs: number): { count: number; at: number | null } {
  const s = sorted(times)
  let best = 0
  let at: number | null = null
  let start = 0
  for (let end = 0; end < s.length; end++) {
    const endTime = s[end] ?? 0
    while ((s[start] ?? 0) <= endTime - windowMs) start++
    const count = end - start + 1
    if (count > best) {
      best = count
      at = s[start] ?? null
    }
  }
  return { count: best, at }
}

/** Counts per bucket of `bucketMs` from `from` to `to` (exclusive): a histogram as [bucketStart, count]. */
export function histogram(times: readonly number[], from: number, to: number, bucketMs: number): [number, number][] {
  const buckets = Math.max(0, Math.ceil((to - from) / bucketMs))
  const counts = new Array<number>(buckets).fill(0)
  for (const t of times) {
    const index = Math.floor((t - from) / bucketMs)
    if (index >= 0 && index < buckets) counts[index] = (counts[index] ?? 0) + 1
  }
  return counts.map((count, index) => [from + index * bucketMs, count])
}

/** Cumulative share (0..100 %) of `total` reached at each time in `times`, as a step series. */
export function cumulativePercent(times: readonly number[], total: number): [number, number][] {
  const s = sorted(times)
  const points: [number, number][] = []
  s.forEach((t, index) => points.push([t, ((index + 1) / Math.max(1, total)) * 100]))
  return points
}

// ── formatting ──────────────────────────────────────────────────────────────

export const fmtMs = (ms: number | null): string => {
  if (ms === null || !Number.isFinite(ms)) return 'n/a'
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(1)} s`
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`
  return `${Math.round(ms)} ms`
}

export const fmtPct = (fraction: number | null, digits = 1): string =>
  fraction === null || !Number.isFinite(fraction) ? 'n/a' : `${(fraction * 100).toFixed(digits)} %`

export const fmtNum = (value: number | null, digits = 0): string => {
  if (value === null || !Number.isFinite(value)) return 'n/a'
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export const fmtRatio = (value: number | null): string =>
  value === null || !Number.isFinite(value) ? 'n/a' : `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`

export const fmtBytes = (bytes: number | null): string => {
  if (bytes === null || !Number.isFinite(bytes)) return 'n/a'
  if (Math.abs(bytes) >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MiB`
  if (Math.abs(bytes) >= 1024) return `${(bytes / 1024).toFixed(1)} kB`
  return `${Math.round(bytes)} B`
}

/** "ours 1.2 s vs peer 3.4 s" helpers want a safe division. */
export const ratio = (a: number | null, b: number | null): number =>
  a === null || b === null || b === 0 ? Number.NaN : a / b
