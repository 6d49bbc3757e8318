import { describe, expect, it } from 'vitest'
import { cumulativePercent, fmtBytes, fmtMs, fmtRatio, histogram, median, peakInWindow, quantile, ratio } from '../../bench/lib/stats'
import { figure, niceTicks } from '../../bench/lib/svg'
import { markdownTable } from '../../bench/lib/table'

describe('bench stats helpers', () => {
  it('quantile interpolates between closest ranks; median of nothing is null', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2)
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantile([10, 20], 1)).toBe(20)
    expect(quantile([10, 20], 0)).toBe(10)
    expect(median([])).toBeNull()
  })

  it('peakInWindow counts events in any half-open window [t, t + w)', () => {
    expect(peakInWindow([], 100)).toEqual({ count: 0, at: null })
    expect(peakInWindow([0, 50, 99, 100, 150], 100)).toEqual({ count: 3, at: 0 })
    expect(peakInWindow([500, 0, 520, 510, 1000], 100).count).toBe(3)
    expect(peakInWindow([0, 100, 200], 100).count).toBe(1)
  })

  it('histogram buckets times and ignores those outside [from, to)', () => {
    expect(histogram([0, 5, 10, 25, -1, 30], 0, 30, 10)).toEqual([[0, 2], [10, 1], [20, 1]])
  })

  it('cumulativePercent reaches 100 % of the total at the last event', () => {
    expect(cumulativePercent([3, 1], 4)).toEqual([[1, 25], [3, 50]])
  })

  it('formats milliseconds, bytes and ratios; missing data prints n/a', () => {
    expect(fmtMs(250)).toBe('250 ms')
    expect(fmtMs(2500)).toBe('2.50 s')
    expect(fmtMs(null)).toBe('n/a')
    expect(fmtBytes(5 * 1024)).toBe('5.0 kB')
    expect(fmtRatio(ratio(1, 4))).toBe('0.25×')
    expect(fmtRatio(ratio(1, 0))).toBe('n/a')
  })
})

describe('bench tables and plots', () => {
  it('markdownTable escapes pipes and right-aligns all but the first column', () => {
    expect(markdownTable(['a', 'b'], [['x|y', 1]])).toBe('| a | b |\n|:---|---:|\n| x\\|y | 1 |')
  })

  it('niceTicks uses 1-2-5 steps', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100])
    expect(niceTicks(-3.5, 8, 10)).toEqual([-2, 0, 2, 4, 6, 8])
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.5, 1])
  })

  it('figure produces one well-formed svg with every panel', () => {
    const svg = figure('t', [
      { kind: 'line', title: 'line', xLabel: 'x', yLabel: 'y', series: [{ name: 'a', points: [[0, 1], [1, 2]], step: true }] },
      { kind: 'bar', title: 'bar', unit: 'u', categories: ['c1', 'c2'], series: [{ name: 's', values: [1, null] }] },
    ])
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.trim().endsWith('</svg>')).toBe(true)
    expect(svg).toContain('<polyline')
    expect(svg).toContain('n/a')
  })
})
