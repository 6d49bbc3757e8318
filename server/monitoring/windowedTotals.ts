import { emptyHistogram, mergeInto, type HistogramData } from '../../src/reporter/histogram'
import { COUNTER_NAMES, zeroCounters, type MetricsReport, type ReportCounters } from '../../src/reporter/report'

export type TimingName = keyof MetricsReport['histograms']
export const TIMING_NAMES: readonly TimingName[] = ['rttMs', 'reconnectMs', 'freshnessMs']

/** Counter deltas and timings added up. */
export interface Totals {
  reports: number
  counters: ReportCounters
  histograms: Record<TimingName, HistogramData>
}

export const emptyTotals = (): Totals => ({
  reports: 0,
  counters: zeroCounters(),
  histograms: { rttMs: emptyHistogram(), reconnectMs: emptyHistogram(), freshnessMs: emptyHistogram() },
})

export const addReport = (totals: Totals, report: Pick<MetricsReport, 'counters' | 'histograms'>): void => {
  totals.reports += 1
  for (const name of COUNTER_NAMES) totals.counters[name] += report.counters[name]
  for (const name of TIMING_NAMES) mergeInto(totals.histograms[name], report.histograms[name])
}

const addTotals = (into: Totals, other: Totals): void => {
  into.reports += other.reports
  for (const name of COUNTER_NAMES) into.counters[name] += other.counters[name]
  for (const name of TIMING_NAMES) mergeInto(into.histograms[name], other.histograms[name])
}

/**
 * Totals over a sliding window, kept in fixed slots (default 10 s) so memory stays flat however
 * many reports arrive: the window's figure is the sum of the slots inside it.
 */
export class WindowedTotals {
  private readonly slots = new Map<number, Totals>()

  constructor(private readonly windowMs: number, private readonly slotMs = 10_000) {}

  add(at: number, report: Pick<MetricsReport, 'counters' | 'histograms'>): void {
    const slot = Math.floor(at / this.slotMs) * this.slotMs
    let totals = this.slots.get(slot)
    if (totals === undefined) {
      totals = emptyTotals()
      this.slots.set(slot, totals)
    }
    addReport(totals, report)
    this.prune(at)
  }

  /** Everything added in the last `windowMs` before `now` (whole slots). */
  sum(now: number): Totals {
    this.prune(now)
    const sum = emptyTotals()
    for (const totals of this.slots.values()) addTotals(sum, totals)
    return sum
  }

  private prune(now: number): void {
    const oldest = now - this.windowMs
    for (const slot of this.slots.keys()) if (slot + this.slotMs <= oldest) this.slots.delete(slot)
  }
}
