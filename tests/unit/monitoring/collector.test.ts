import { describe, expect, it } from 'vitest'
import { createCollector, type CollectorOptions } from '../../../server/monitoring/collector'
import { makeReport } from '../../helpers/reports'

const MINUTE = 60_000

/** A collector on a clock the test moves. */
const collectorAt = (options: CollectorOptions = {}) => {
  let now = 1_000_000
  const collector = createCollector({ now: () => now, alertForMs: 0, ...options })
  return { collector, advance: (ms: number) => { now += ms }, now: () => now }
}

describe('the fleet collector', () => {
  it('adds every client\'s counter deltas into the plan\'s connections figures', () => {
    const { collector } = collectorAt()
    expect(collector.ingest(makeReport({ client: 'a', seq: 1, counters: { attempts: 10, successes: 9, failures: 1 } }))).toEqual({ ok: true })
    collector.ingest(makeReport({ client: 'b', seq: 1, counters: { attempts: 30, successes: 30 } }))
    collector.ingest(makeReport({ client: 'a', seq: 2, counters: { attempts: 10, successes: 10 } }))
    expect(collector.monitoring().connections).toEqual({ total: 50, successful: 49, failed: 1, successRate: 49 / 50 })
  })

  it('counts a repeated or older report once', () => {
    const { collector } = collectorAt()
    collector.ingest(makeReport({ client: 'a', seq: 2, counters: { attempts: 5, successes: 5 } }))
    collector.ingest(makeReport({ client: 'a', seq: 2, counters: { attempts: 5, successes: 5 } }))
    collector.ingest(makeReport({ client: 'a', seq: 1, counters: { attempts: 5, successes: 5 } }))
    expect(collector.monitoring().connections.total).toBe(5)
  })

  it('refuses a malformed report and says why', () => {
    const { collector } = collectorAt()
    const result = collector.ingest({ ...makeReport({ client: 'a', seq: 1 }), counters: { attempts: -1 } })
    expect(result.ok).toBe(false)
    expect(collector.ingest('nope')).toEqual({ ok: false, error: 'not an object' })
    expect(collector.monitoring().totals.reports).toBe(0)
  })

  it('rates are over the window: reports older than windowMs drop out, totals keep them', () => {
    const { collector, advance } = collectorAt({ windowMs: 5 * MINUTE })
    collector.ingest(makeReport({ client: 'a', seq: 1, counters: { attempts: 10, failures: 10 } }))
    advance(3 * MINUTE)
    collector.ingest(makeReport({ client: 'a', seq: 2, counters: { attempts: 10, successes: 10 } }))
    expect(collector.monitoring().connections.successRate).toBe(0.5)
    advance(3 * MINUTE)
    expect(collector.monitoring().connections).toEqual({ total: 10, successful: 10, failed: 0, successRate: 1 })
    expect(collector.monitoring().totals).toMatchObject({ attempts: 20, successes: 10, failures: 10, connectionSuccessRate: 0.5 })
  })

  it('merges the clients\' histograms for the fleet percentiles (the slow tail of one client shows in p99)', () => {
    const { collector } = collectorAt()
    collector.ingest(makeReport({ client: 'a', seq: 1, rtt: Array.from({ length: 98 }, () => 20) }))
    collector.ingest(makeReport({ client: 'b', seq: 1, rtt: [5000, 5000] }))
    const { latency } = collector.monitoring()
    expect(latency.count).toBe(100)
    expect(latency.p50).toBeLessThanOrEqual(20)
    expect(latency.p99).toBeGreaterThan(3000)
  })

  it('circuits and users come from the latest health of live clients; followers are users but not circuits again', () => {
    const { collector } = collectorAt()
    collector.ingest(makeReport({ client: 'leader', seq: 1, role: 'leader', health: { connected: 6, closed: 6, open: 2 } }))
    collector.ingest(makeReport({ client: 'follower', seq: 1, role: 'follower', health: { connected: 6, closed: 6, open: 2 } }))
    collector.ingest(makeReport({ client: 'polling', seq: 1, health: { connected: 5, polling: 3, closed: 5, open: 3 } }))
    collector.ingest(makeReport({ client: 'ok', seq: 1 }))
    const figures = collector.monitoring()
    expect(figures.circuits).toMatchObject({ open: 5, closed: 19, halfOpen: 0 })
    // leader and follower lack live data on 2 feeds; the polling client has data on all 8.
    expect(figures.users).toEqual({ connected: 2, disconnected: 2, disconnectionRate: 0.5 })
    expect(figures.clients).toMatchObject({ live: 4, own: 2, leaders: 1, followers: 1 })
  })

  it('a client that stops reporting is a disconnected user, then forgotten; one that said goodbye (final) is neither', () => {
    const { collector, advance } = collectorAt({ forgetAfterMs: 10 * MINUTE })
    collector.ingest(makeReport({ client: 'silent', seq: 1, intervalMs: MINUTE }))
    collector.ingest(makeReport({ client: 'left', seq: 1, intervalMs: MINUTE, final: true }))
    collector.ingest(makeReport({ client: 'steady', seq: 1, intervalMs: MINUTE }))
    advance(2 * MINUTE)
    collector.ingest(makeReport({ client: 'steady', seq: 2, intervalMs: MINUTE }))
    expect(collector.monitoring().users).toEqual({ connected: 2, disconnected: 0, disconnectionRate: 0 })
    advance(1 * MINUTE) // silent: 3 min > 2.5 intervals
    collector.ingest(makeReport({ client: 'steady', seq: 3, intervalMs: MINUTE }))
    expect(collector.monitoring().users).toEqual({ connected: 1, disconnected: 1, disconnectionRate: 0.5 })
    expect(collector.monitoring().clients).toMatchObject({ live: 1, stale: 1, left: 1 })
    advance(8 * MINUTE)
    collector.ingest(makeReport({ client: 'steady', seq: 4, intervalMs: MINUTE }))
    expect(collector.monitoring().clients).toMatchObject({ live: 1, stale: 0, left: 0 })
  })

  it('memory: the median client\'s current figure and growth per hour (least squares), a leak when it beats 10 MB / 24 h', () => {
    const { collector, advance } = collectorAt({ minMemorySpanMs: 10 * MINUTE })
    for (let minute = 0; minute <= 20; minute++) {
      collector.ingest(makeReport({ client: 'flat', seq: minute + 1, memoryBytes: 50_000_000 + (minute % 2) * 1000 }))
      collector.ingest(makeReport({ client: 'leaky', seq: minute + 1, memoryBytes: 40_000_000 + minute * 100_000 })) // 6 MB/h
      collector.ingest(makeReport({ client: 'leakier', seq: minute + 1, memoryBytes: 30_000_000 + minute * 200_000 })) // 12 MB/h
      advance(MINUTE)
    }
    const { memory } = collector.monitoring()
    expect(memory.current).toBe(42_000_000)
    expect(memory.growthRate).toBeCloseTo(6_000_000, -3)
    expect(memory.leakDetected).toBe(true)
  })

  it('memory growth is unknown until a client\'s readings span minMemorySpanMs', () => {
    const { collector, advance } = collectorAt({ minMemorySpanMs: 10 * MINUTE })
    for (let minute = 0; minute < 5; minute++) {
      collector.ingest(makeReport({ client: 'a', seq: minute + 1, memoryBytes: 1_000_000 * (minute + 1) }))
      advance(MINUTE)
    }
    expect(collector.monitoring().memory).toMatchObject({ growthRate: null, leakDetected: false, current: 5_000_000 })
  })

  it('error rate: failed connects, unreadable and rejected frames over connects + frames', () => {
    const { collector } = collectorAt()
    collector.ingest(makeReport({ client: 'a', seq: 1, counters: { attempts: 10, successes: 8, failures: 2, messagesIn: 90, messagesDropped: 1, messagesRejected: 2 } }))
    expect(collector.monitoring().errors).toEqual({ rate: 5 / 100, failed: 2, dropped: 1, rejected: 2 })
  })
})
