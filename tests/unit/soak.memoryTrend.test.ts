import { describe, expect, it } from 'vitest'
import { parseMemoryArgs } from '../../soak/memory'
import { BUDGET_BYTES_PER_DAY, fitSamples, formatMB, memoryTrend } from '../../soak/memoryTrend'

describe('browser memory soak arithmetic', () => {
  it('fits the least-squares line: slope per minute, intercept, R²', () => {
    const fit = fitSamples([{ minute: 0, heapBytes: 100 }, { minute: 1, heapBytes: 300 }, { minute: 2, heapBytes: 500 }])
    expect(fit.slope).toBeCloseTo(200)
    expect(fit.intercept).toBeCloseTo(100)
    expect(fit.r2).toBeCloseTo(1)
    // Noise around a flat line: slope 0, nothing explained.
    const flat = fitSamples([{ minute: 0, heapBytes: 10 }, { minute: 1, heapBytes: 20 }, { minute: 2, heapBytes: 10 }, { minute: 3, heapBytes: 20 }, { minute: 4, heapBytes: 10 }])
    expect(flat.slope).toBeCloseTo(0)
    expect(() => fitSamples([{ minute: 0, heapBytes: 1 }])).toThrow(/2 samples/)
  })

  it('extrapolates the slope after warm-up to 24 h and judges it against 10 MB / 24 h', () => {
    // Warm-up: +2 MB in the first 5 minutes; then +5,000 bytes a minute = 7.2 MB / 24 h.
    const samples = Array.from({ length: 61 }, (_, minute) => ({
      minute,
      heapBytes: 3_000_000 + Math.min(minute, 5) * 400_000 + Math.max(0, minute - 5) * 5000,
    }))
    const trend = memoryTrend(samples, 5)
    expect(trend.samples).toBe(56)
    expect(trend.bytesPerHour).toBeCloseTo(300_000)
    expect(trend.bytesPer24h).toBeCloseTo(7_200_000)
    expect(trend.withinBudget).toBe(true)
    // Counting the warm-up in makes it look like a leak.
    const all = memoryTrend(samples, 0)
    expect(all.bytesPer24h).toBeGreaterThan(BUDGET_BYTES_PER_DAY)
    expect(all.withinBudget).toBe(false)
  })

  it('a short run with too few samples after warm-up falls back to all of them', () => {
    const trend = memoryTrend([{ minute: 0, heapBytes: 1_000_000 }, { minute: 1, heapBytes: 1_000_100 }], 5)
    expect(trend.samples).toBe(2)
    expect(trend.warmupMinutes).toBe(0)
    expect(trend.bytesPer24h).toBeCloseTo(100 * 60 * 24)
  })

  it('formats MB (10⁶ bytes), signed on request', () => {
    expect(formatMB(7_200_000, true)).toBe('+7.20 MB')
    expect(formatMB(-50_000, true)).toBe('-0.05 MB')
    expect(formatMB(3_000_000)).toBe('3.00 MB')
  })

  it('takes its options from the command line, with the 60-minute defaults', () => {
    expect(parseMemoryArgs([])).toMatchObject({ minutes: 60, sampleSeconds: 60, warmupMinutes: 5, updateMs: 100, query: '' })
    expect(parseMemoryArgs(['--minutes', '2', '--sample-seconds', '10', '--query', 'report=1'])).toMatchObject({ minutes: 2, sampleSeconds: 10, query: 'report=1' })
    expect(() => parseMemoryArgs(['--minutes', 'x'])).toThrow(/--minutes/)
  })
})
