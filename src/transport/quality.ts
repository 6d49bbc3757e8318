import type { DataError, Quality, QualityThresholds } from './types'

/** Quality from the age of the last message (SPEC §5); not connected is always 'disconnected'. */
export function qualityOf(thresholds: QualityThresholds, connected: boolean, ageMs: number | null): Quality {
  if (!connected || ageMs === null) return 'disconnected'
  if (ageMs < thresholds.excellentThreshold) return 'excellent'
  if (ageMs < thresholds.goodThreshold) return 'good'
  if (ageMs < thresholds.poorThreshold) return 'poor'
  return 'disconnected'
}

/** ms until the quality of a message this old next changes, or null when it no longer can. */
export function msUntilQualityChange(thresholds: QualityThresholds, ageMs: number): number | null {
  for (const limit of [thresholds.excellentThreshold, thresholds.goodThreshold, thresholds.poorThreshold]) {
    if (ageMs < limit) return limit - ageMs
  }
  return null
}

/** While the latest frame was rejected the endpoint is not healthy: at best 'poor' (SPEC §10). */
export const cappedQuality = (quality: Quality, dataError: DataError | null): Quality =>
  dataError !== null && (quality === 'excellent' || quality === 'good') ? 'poor' : quality
