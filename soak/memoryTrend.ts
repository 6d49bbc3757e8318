/**
 * The arithmetic of the browser memory soak: a least-squares line through heap-after-GC samples,
 * its slope per hour, and that slope extrapolated to 24 h against the plan's budget.
 */

/** One reading: minutes since the first sample, JS heap after forced GC in bytes. */
export interface HeapSample {
  minute: number
  heapBytes: number
}

export interface LineFit {
  /** Bytes per minute. */
  slope: number
  /** Bytes at minute 0. */
  intercept: number
  /** Share of the variance the line explains (0…1); NaN when every sample is equal. */
  r2: number
}

/** Ordinary least squares of heapBytes over minute. Needs two samples at different minutes. */
export const fitLine = (samples: readonly HeapSample[]): LineFit => {
  const n = samples.length
  if (n < 2) throw new Error(`fitLine: need at least 2 samples, got ${n}`)
  const meanX = samples.reduce((sum, s) => sum + s.minute, 0) / n
  const meanY = samples.reduce((sum, s) => sum + s.heapBytes, 0) / n
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (const s of samples) {
    const dx = s.minute - meanX
    const dy = s.heapBytes - meanY
    sxx += dx * dx
    sxy += dx * dy
    syy += dy * dy
  }
  if (sxx === 0) throw new Error('fitLine: every sample is at the same minute')
  const slope = sxy / sxx
  return { slope, intercept: meanY - slope * meanX, r2: syy === 0 ? Number.NaN : (sxy * sxy) / (sxx * syy) }
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
  const fit = fitLine(used)
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
