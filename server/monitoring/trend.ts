/** A least-squares line through (x, y) points: memory growth per hour, per client and in the soak. */
export interface LineFit {
  /** y per unit of x. */
  slope: number
  intercept: number
  /** Share of the variance the line explains (0…1); NaN when every y is equal. */
  r2: number
}

/** Ordinary least squares; null with fewer than two points or all at one x. */
export const fitLine = (points: readonly (readonly [number, number])[]): LineFit | null => {
  const n = points.length
  if (n < 2) return null
  let meanX = 0
  let meanY = 0
  for (const [x, y] of points) {
    meanX += x / n
    meanY += y / n
  }
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (const [x, y] of points) {
    sxx += (x - meanX) ** 2
    sxy += (x - meanX) * (y - meanY)
    syy += (y - meanY) ** 2
  }
  if (sxx === 0) return null
  const slope = sxy / sxx
  return { slope, intercept: meanY - slope * meanX, r2: syy === 0 ? Number.NaN : (sxy * sxy) / (sxx * syy) }
}

export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
