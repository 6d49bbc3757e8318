import { fitLine, type LineFit } from '../server/monitoring/trend'

/**
 * The arithmetic of the browser memory soak: a least-squares line through heap-after-GC samples,
 * its slope per hour, and that slope extrapolated to 24 h against the plan's budget.
 */

/** One reading: minutes since the first sample, JS heap after forced GC in bytes. */
export interface HeapSample {
  minute: number
  heapBytes: number
}

/** Least squares of heapBytes over minute; throws with fewer than two samples at different minutes. */
export const fitSamples = (samples: readonly HeapSample[]): LineFit => {
  const fit = fitLine(samples.map((s) => [s.minute, s.heapBytes] as const))
  if (fit === null) throw new Error(`fitSamples: need at least 2 samples at different minutes, got ${samples.length}`)
  return fit
}

/** The plan's budget: memory growth under 10 MB (10⁶ bytes) per 24 h. */
export const BUDGET_BYTES_PER_DAY = 10_000_000

export interface MemoryTrend {
  samples: number
  spanMinutes: number
  firstBytes: number
  lastBytes: number
  /** Samples before this minute are warm-up (first render, JIT, caches) and left out of the fit. */
  warmupMinutes: number
  /** Bytes per minute. */
  fit: LineFit
  bytesPerHour: number
  bytesPer24h: number
  withinBudget: boolean
}

/**
 * The trend after warm-up: samples at or after `warmupMinutes` (all of them if fewer than
 * two would remain), the fitted slope per hour and × 24.
 */
export const memoryTrend = (samples: readonly HeapSample[], warmupMinutes = 0): MemoryTrend => {
  const steady = samples.filter((s) => s.minute >= warmupMinutes)
  const used = steady.length >= 2 ? steady : [...samples]
  const fit = fitSamples(used)
  const bytesPerHour = fit.slope * 60
  const bytesPer24h = bytesPerHour * 24
  const first = used[0]
  const last = used[used.length - 1]
  return {
    samples: used.length,
    spanMinutes: (last?.minute ?? 0) - (first?.minute ?? 0),
    firstBytes: first?.heapBytes ?? 0,
    lastBytes: last?.heapBytes ?? 0,
    warmupMinutes: used === steady ? warmupMinutes : 0,
    fit,
    bytesPerHour,
    bytesPer24h,
    withinBudget: bytesPer24h < BUDGET_BYTES_PER_DAY,
  }
}

/** `1.23 MB` (10⁶ bytes), signed when asked. */
export const formatMB = (bytes: number, signed = false): string => {
  const text = `${(bytes / 1_000_000).toFixed(2)} MB`
  return signed && bytes >= 0 ? `+${text}` : text
}
