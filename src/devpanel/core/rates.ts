import type { TransportMetrics } from '../../transport/types'

export interface RateSample {
  at: number
  messagesIn: Readonly<Record<string, number>>
}

export const rateSampleOf = (metrics: TransportMetrics, at: number): RateSample => ({
  at,
  messagesIn: Object.fromEntries(Object.entries(metrics.endpoints).map(([name, endpoint]) => [name, endpoint.messagesIn])),
})

/** Messages per second of each endpoint between two samples (null when they cannot be compared). */
export const messageRates = (previous: RateSample | null, current: RateSample): Readonly<Record<string, number | null>> => {
  const seconds = previous === null ? 0 : (current.at - previous.at) / 1000
  return Object.fromEntries(Object.entries(current.messagesIn).map(([name, count]) => {
    const before = previous?.messagesIn[name]
    return [name, before === undefined || seconds <= 0 ? null : Math.max(0, count - before) / seconds]
  }))
}
