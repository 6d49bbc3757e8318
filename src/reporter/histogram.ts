/**
 * Fixed-bucket histograms of milliseconds. Every client and the collector use the same bucket
 * bounds, so histograms add up bucket by bucket and fleet percentiles come from the merged counts
 * (averaging each client's percentiles would be wrong).
 */

/** Upper bounds (inclusive, ms) of every finite bucket; one more bucket holds everything above the last. */
export const BUCKET_BOUNDS_MS: readonly number[] = [
  1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000, 15_000, 30_000, 60_000,
]

/** Counts per bucket (`counts[i]` for `BUCKET_BOUNDS_MS[i]`, the last one for +Inf), their sum and total. */
export interface HistogramData {
  counts: number[]
  sum: number
  count: number
}

export const emptyHistogram = (): HistogramData => ({ counts: new Array<number>(BUCKET_BOUNDS_MS.length + 1).fill(0), sum: 0, count: 0 })

/** Index of the bucket that holds `ms`. */
export const bucketOf = (ms: number): number => {
  let low = 0
  let high = BUCKET_BOUNDS_MS.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (ms <= (BUCKET_BOUNDS_MS[middle] ?? Number.POSITIVE_INFINITY)) high = middle
    else low = middle + 1
  }
  return low
}

export const observe = (histogram: HistogramData, ms: number): void => {
  const value = Math.max(0, ms)
  const index = bucketOf(value)
  histogram.counts[index] = (histogram.counts[index] ?? 0) + 1
  histogram.sum += value
  histogram.count += 1
}

/** Adds `other` into `into` (both on BUCKET_BOUNDS_MS). */
export const mergeInto = (into: HistogramData, other: HistogramData): HistogramData => {
  for (let index = 0; index < into.counts.length; index++) into.counts[index] = (into.counts[index] ?? 0) + (other.counts[index] ?? 0)
  into.sum += other.sum
  into.count += other.count
  return into
}

export const mergeHistograms = (histograms: Iterable<HistogramData>): HistogramData => {
  const merged = emptyHistogram()
  for (const histogram of histograms) mergeInto(merged, histogram)
  return merged
}

/**
 * The q-quantile (0…1) of a histogram, interpolated linearly inside its bucket as Prometheus'
 * `histogram_quantile` does; a value in the +Inf bucket reads as the last finite bound. null when empty.
 */
export const quantile = (histogram: HistogramData, q: number): number | null => {
  if (histogram.count === 0) return null
  const rank = q * histogram.count
  let seen = 0
  for (let index = 0; index < histogram.counts.length; index++) {
    const inBucket = histogram.counts[index] ?? 0
    if (inBucket > 0 && seen + inBucket >= rank) {
      const upper = BUCKET_BOUNDS_MS[index]
      if (upper === undefined) return BUCKET_BOUNDS_MS[BUCKET_BOUNDS_MS.length - 1] ?? null
      const lower = index === 0 ? 0 : (BUCKET_BOUNDS_MS[index - 1] ?? 0)
      return lower + ((upper - lower) * (rank - seen)) / inBucket
    }
    seen += inBucket
  }
  return BUCKET_BOUNDS_MS[BUCKET_BOUNDS_MS.length - 1] ?? null
}

export interface HistogramSummary {
  p50: number | null
  p95: number | null
  p99: number | null
  mean: number | null
  count: number
}

export const summarize = (histogram: HistogramData): HistogramSummary => ({
  p50: quantile(histogram, 0.5),
  p95: quantile(histogram, 0.95),
  p99: quantile(histogram, 0.99),
  mean: histogram.count === 0 ? null : histogram.sum / histogram.count,
  count: histogram.count,
})

/** A histogram read from the wire, or null when it does not fit BUCKET_BOUNDS_MS. */
export const parseHistogram = (value: unknown): HistogramData | null => {
  if (typeof value !== 'object' || value === null) return null
  const counts: unknown = Reflect.get(value, 'counts')
  const sum: unknown = Reflect.get(value, 'sum')
  const count: unknown = Reflect.get(value, 'count')
  if (!Array.isArray(counts) || counts.length !== BUCKET_BOUNDS_MS.length + 1) return null
  if (!counts.every((c): c is number => typeof c === 'number' && Number.isInteger(c) && c >= 0)) return null
  if (typeof sum !== 'number' || !Number.isFinite(sum) || sum < 0 || typeof count !== 'number' || !Number.isInteger(count)) return null
  if (counts.reduce((total, c) => total + c, 0) !== count) return null
  return { counts: [...counts], sum, count }
}
