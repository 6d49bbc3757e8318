import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BUCKET_BOUNDS_MS, bucketOf, emptyHistogram, mergeHistograms, observe, parseHistogram, quantile, summarize } from 'zustand-realtime/reporter'
import { percentiles } from 'zustand-realtime/transport'

const histogramOf = (samples: readonly number[]) => {
  const histogram = emptyHistogram()
  for (const sample of samples) observe(histogram, sample)
  return histogram
}

/** The width of the bucket that holds `ms`: the resolution a histogram percentile can promise. */
const bucketWidth = (ms: number): number => {
  const index = bucketOf(ms)
  return (BUCKET_BOUNDS_MS[index] ?? Number.POSITIVE_INFINITY) - (index === 0 ? 0 : (BUCKET_BOUNDS_MS[index - 1] ?? 0))
}

describe('histograms on the shared bucket bounds', () => {
  it('puts a value in the first bucket whose bound holds it (bounds inclusive), above the last in +Inf', () => {
    expect(bucketOf(0)).toBe(0)
    expect(bucketOf(1)).toBe(0)
    expect(bucketOf(1.01)).toBe(1)
    expect(bucketOf(1000)).toBe(BUCKET_BOUNDS_MS.indexOf(1000))
    expect(bucketOf(60_001)).toBe(BUCKET_BOUNDS_MS.length)
  })

  it('merges bucket by bucket: the fleet p95 of a fast and a slow client is the slow one\'s, not the average of their p95s', () => {
    const fast = histogramOf(Array.from({ length: 900 }, (_, i) => 10 + (i % 10)))
    const slow = histogramOf(Array.from({ length: 100 }, (_, i) => 2000 + i * 10))
    const merged = mergeHistograms([fast, slow])
    expect(merged.count).toBe(1000)
    expect(merged.sum).toBe(fast.sum + slow.sum)
    const p95 = quantile(merged, 0.95) ?? 0
    // The exact p95 of the 1,000 samples is in the slow client's range (2000–2990 ms).
    const exact = percentiles([...Array.from({ length: 900 }, (_, i) => 10 + (i % 10)), ...Array.from({ length: 100 }, (_, i) => 2000 + i * 10)]).p95 ?? 0
    expect(exact).toBeGreaterThanOrEqual(2000)
    expect(Math.abs(p95 - exact)).toBeLessThanOrEqual(bucketWidth(exact))
    const averageOfP95s = ((quantile(fast, 0.95) ?? 0) + (quantile(slow, 0.95) ?? 0)) / 2
    expect(Math.abs(averageOfP95s - exact)).toBeGreaterThan(bucketWidth(exact))
    // p50 stays with the fast majority.
    expect(quantile(merged, 0.5)).toBeLessThanOrEqual(20)
  })

  it('any split of the samples over clients merges to the same histogram, and its quantiles are within one bucket of the exact ones', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 50_000, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 5 }), (samples, clients) => {
        const parts = Array.from({ length: clients }, (_, c) => samples.filter((_, i) => i % clients === c))
        const merged = mergeHistograms(parts.map(histogramOf))
        const whole = histogramOf(samples)
        expect(merged.counts).toEqual(whole.counts)
        expect(merged.count).toBe(samples.length)
        const exact = percentiles(samples)
        for (const [q, value] of [[0.5, exact.p50], [0.95, exact.p95], [0.99, exact.p99]] as const) {
          const estimate = quantile(merged, q) ?? Number.NaN
          expect(Math.abs(estimate - (value ?? 0))).toBeLessThanOrEqual(bucketWidth(value ?? 0) + 1e-9)
        }
      }),
    )
  })

  it('summarizes an empty histogram as no data, and a full one with its mean', () => {
    expect(summarize(emptyHistogram())).toEqual({ p50: null, p95: null, p99: null, mean: null, count: 0 })
    expect(summarize(histogramOf([100, 300])).mean).toBe(200)
  })

  it('reads only histograms on the shared bounds whose counts add up', () => {
    const good = histogramOf([5, 50])
    expect(parseHistogram(JSON.parse(JSON.stringify(good)))).toEqual(good)
    expect(parseHistogram({ ...good, counts: good.counts.slice(1) })).toBeNull()
    expect(parseHistogram({ ...good, count: 3 })).toBeNull()
    expect(parseHistogram({ ...good, sum: -1 })).toBeNull()
    expect(parseHistogram(null)).toBeNull()
  })
})
