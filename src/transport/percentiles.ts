import type { Percentiles } from './types'

/** Nearest-rank percentiles of a sample. */
export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) return { p50: null, p95: null, p99: null, count: 0 }
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null
  return { p50: rank(50), p95: rank(95), p99: rank(99), count: sorted.length }
}

/** Keeps the last `capacity` samples so memory stays flat on a long-lived page. */
export class SampleWindow {
  private readonly samples: number[] = []
  private next = 0
  constructor(private readonly capacity = 1000, private readonly added: ((sample: number) => void) | null = null) {}

  add(sample: number): void {
    this.added?.(sample)
    if (this.samples.length < this.capacity) this.samples.push(sample)
    else this.samples[this.next] = sample
    this.next = (this.next + 1) % this.capacity
  }

  values(): readonly number[] {
    return this.samples
  }
}
