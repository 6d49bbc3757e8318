import type { AttemptCounts } from './attempts'
import { compareWithCollector, type CollectorAgreement } from './collectorCheck'
import type { ChaosKind } from './chaosPlan'
import { bytesPerDay } from './resources'
import type { MonitorCounts } from './sessionMonitor'
import type { SoakRun } from './soak'

/** The figures of one soak run, and whether it passed (correctness, leaks, errors). */
export interface SoakFigures {
  events: { total: number; byKind: Partial<Record<ChaosKind, number>> }
  connection: { normalRate: number | null; outageRate: number | null; normal: AttemptCounts; outage: AttemptCounts; browserPoolRate: number | null; polls: { normal: number; outage: number } }
  recovery: {
    /** Faults that keep a client from reconnecting until they are lifted (the headline figure). */
    node: Distribution
    browser: Distribution
    byKind: { kind: ChaosKind; node: Distribution; browser: Distribution }[]
    unrecovered: number
  }
  circuits: { node: { opened: number; reopened: number; recovered: number; rate: number | null }; browser: { opened: number; reopened: number; recovered: number; rate: number | null } | null }
  /** Requests (socket attempts + polls) of the Node clients during outages. */
  outageAttempts: { perClientPerMinute: number | null; maxPerClientPerMinute: number | null; outageS: number; byKind: { kind: ChaosKind; perClientPerMinute: number | null; outageS: number }[] }
  consistency: { checks: number; mismatches: number; finalMismatches: number; maxConvergeMs: number }
  updates: MonitorCounts
  memory: {
    warmToEndMB: number
    slopeMBPerDay: number | null
    perClientMBPerDay: number | null
    browserMBPerDay: number | null
    /** Heap the Node stores held (heap with them − heap without them) right after connecting, and at the end. */
    footprintStartMB: number
    footprintEndMB: number
    /** (end − start footprint) per store, extrapolated to a day of chaos. */
    footprintPerStoreMBPerDay: number | null
    teardownDeltaMB: number; browserStartMB: number | null; browserEndMB: number | null }
  /** The Node clients' own transport counters vs what their reporters delivered to the collector (null: no collector). */
  collector: (CollectorAgreement & { successRate: number | null; latency: { p50: number | null; p95: number | null; p99: number | null }; freshness: { p50: number | null; p95: number | null; p99: number | null } }) | null
  failures: string[]
  passed: boolean
}

export interface Distribution {
  count: number
  p50: number | null
  p95: number | null
  max: number | null
  under5s: number | null
}

/**
 * Faults during which a client cannot get back before the lift: their recovery time after the
 * lift is the reconnection figure. (During a pong blackout clients reconnect to the silent server
 * at once, and latency or garbage do not disconnect anyone; those are shown per kind only.)
 */
export const RECONNECT_BLOCKING: ReadonlySet<ChaosKind> = new Set(['server-kill', 'server-term', 'refuse', 'full', 'client-offline', 'hidden'])

/** Heap (after GC) the soak process may keep once every Node client is closed, before it counts as a leak. */
export const TEARDOWN_HEAP_LIMIT_MB = 5

const MB = 1024 * 1024

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, p50: null, p95: null, max: null, under5s: null }
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
  return { count: sorted.length, p50: rank(50), p95: rank(95), max: sorted.at(-1) ?? null, under5s: sorted.filter((v) => v < 5000).length / sorted.length }
}

const rate = (counts: AttemptCounts): number | null =>
  counts.succeeded + counts.failed === 0 ? null : counts.succeeded / (counts.succeeded + counts.failed)

const sumCounts = (all: readonly MonitorCounts[]): MonitorCounts => {
  const total: MonitorCounts = { messages: 0, socketFrames: 0, polled: 0, sessions: 0, resyncs: 0, lost: 0, duplicated: 0, stale: 0, excusedGaps: 0, missingSeq: 0 }
  for (const counts of all) for (const key of Object.keys(total) as (keyof MonitorCounts)[]) total[key] += counts[key]
  return total
}

/** Growth judged on the second half of the run (the first carries warm-up: JIT, first samples); null with < 5 samples there. */
function secondHalfSlope(samples: readonly [number, number][]): number | null {
  const firstAt = samples[0]?.[0] ?? 0
  const lastAt = samples.at(-1)?.[0] ?? 0
  const steady = samples.filter(([at]) => at >= (firstAt + lastAt) / 2)
  return steady.length >= 5 ? bytesPerDay(steady.map(([at, heap]) => ({ at, heap }))) : null
}

export function computeFigures(run: SoakRun): SoakFigures {
  const byKind: Partial<Record<ChaosKind, number>> = {}
  for (const event of run.events) byKind[event.kind] = (byKind[event.kind] ?? 0) + 1
  const kinds = Object.keys(byKind) as ChaosKind[]

  const outages = run.events.flatMap((event) => (event.outage ? [event.outage] : []))
  const outageMs = outages.reduce((sum, o) => sum + o.ms, 0)
  const attemptRate = (list: readonly { ms: number; attempts: number }[]): number | null => {
    const total = list.reduce((sum, o) => sum + o.ms, 0)
    return total > 0 ? list.reduce((sum, o) => sum + o.attempts, 0) / run.config.clients / (total / 60_000) : null
  }
  const perClientPerMinute = attemptRate(outages)
  const outageByKind = kinds.flatMap((kind) => {
    const list = run.events.filter((e) => e.kind === kind).flatMap((e) => (e.outage ? [e.outage] : []))
    return list.length === 0 ? [] : [{ kind, perClientPerMinute: attemptRate(list), outageS: list.reduce((sum, o) => sum + o.ms, 0) / 1000 }]
  })
  const maxPerClientPerMinute = outages.length > 0 ? Math.max(...outages.map((o) => o.maxPerClient / Math.max(1 / 60, o.ms / 60_000))) : null

  const checks = [run.initialCheck, ...run.events.map((e) => ({ mismatches: e.mismatches, convergeMs: e.convergeMs })), ...(run.finalCheck ? [run.finalCheck] : [])]
  const mismatches = checks.reduce((sum, c) => sum + c.mismatches.length, 0)
  const updates = sumCounts(run.monitor.counts)

  const slope = secondHalfSlope(run.memory.samples)
  // What the stores themselves hold, measured by taking them away: immune to drift of the rest of
  // the process (compiled code, Vite and playwright when the page runs in the same process).
  const footprintStart = run.memory.heapWarm - run.memory.heapBeforeClients
  const footprintEnd = run.memory.heapEnd - run.memory.heapAfterTeardown
  const browserSlope = secondHalfSlope(run.memory.browserSamples)
  const circuitRate = (c: { opened: number; recovered: number }) => (c.opened === 0 ? null : c.recovered / (c.opened + 0))

  const failures: string[] = []
  const unrecovered = run.events.reduce((sum, e) => sum + e.unrecovered.length, 0)
  if (mismatches > 0) failures.push(`${mismatches} store/server mismatches at consistency checks`)
  if (run.finalCheck === null || run.finalCheck.mismatches.length > 0) failures.push('final state differs from the server')
  const lostOrStale = updates.lost + updates.duplicated + updates.stale + updates.missingSeq
  if (lostOrStale > 0) failures.push(`${lostOrStale} lost/duplicated/stale updates (${run.monitor.violations.slice(0, 3).join(' | ')})`)
  if (unrecovered > 0) failures.push(`${unrecovered} participant-events never recovered within the limit`)
  for (const event of run.events) for (const failure of event.failures) failures.push(`event #${event.index} ${event.kind}: ${failure}`)
  const teardownDeltaMB = (run.memory.heapAfterTeardown - run.memory.heapBeforeClients) / MB
  if (teardownDeltaMB > TEARDOWN_HEAP_LIMIT_MB) failures.push(`heap after closing every client is ${teardownDeltaMB.toFixed(2)} MB above the heap before they existed (limit ${TEARDOWN_HEAP_LIMIT_MB} MB)`)
  if (run.handles.storesRetained > 0) failures.push(`${run.handles.storesRetained} of ${run.config.clients} stores still reachable after disconnect() and GC (leak)`)
  if (run.handles.leftover.length > 0) failures.push(`handles left after closing every client: ${run.handles.leftover.join(', ')}`)
  if (run.errors.length > 0) failures.push(`${run.errors.length} unhandled errors: ${run.errors[0]?.split('\n')[0] ?? ''}`)
  const agreement = run.collector === null ? null : compareWithCollector(run.metrics.node, run.collector)
  if (run.collector === null) failures.push('the collector could not be read')
  else if (agreement !== null && !agreement.agrees) failures.push(`soak and collector disagree: ${agreement.differences.join('; ')}`)

  const blocking = run.events.filter((e) => RECONNECT_BLOCKING.has(e.kind))
  const node = blocking.flatMap((e) => e.nodeRecoveryMs)
  const browser = blocking.flatMap((e) => e.browserRecoveryMs)
  return {
    events: { total: run.events.length, byKind },
    connection: {
      normalRate: rate(run.attempts.normal),
      outageRate: rate(run.attempts.outage),
      normal: run.attempts.normal,
      outage: run.attempts.outage,
      browserPoolRate: run.metrics.browser?.successRate ?? null,
      polls: { ...run.polls },
    },
    recovery: {
      node: distribution(node),
      browser: distribution(browser),
      byKind: kinds.map((kind) => ({
        kind,
        node: distribution(run.events.filter((e) => e.kind === kind).flatMap((e) => e.nodeRecoveryMs)),
        browser: distribution(run.events.filter((e) => e.kind === kind).flatMap((e) => e.browserRecoveryMs)),
      })),
      unrecovered,
    },
    circuits: {
      node: { ...run.circuits.node, rate: circuitRate(run.circuits.node) },
      browser: run.circuits.browser ? { ...run.circuits.browser, rate: circuitRate(run.circuits.browser) } : null,
    },
    outageAttempts: { perClientPerMinute, maxPerClientPerMinute, outageS: outageMs / 1000, byKind: outageByKind },
    consistency: { checks: checks.length, mismatches, finalMismatches: run.finalCheck?.mismatches.length ?? -1, maxConvergeMs: Math.max(0, ...checks.map((c) => c.convergeMs)) },
    updates,
    memory: {
      warmToEndMB: (run.memory.heapEnd - run.memory.heapWarm) / MB,
      footprintStartMB: footprintStart / MB,
      footprintEndMB: footprintEnd / MB,
      footprintPerStoreMBPerDay: run.chaosS > 0 ? ((footprintEnd - footprintStart) / MB / run.config.clients) * (86_400 / run.chaosS) : null,
      slopeMBPerDay: slope === null ? null : slope / MB,
      perClientMBPerDay: slope === null ? null : slope / MB / run.config.clients,
      browserMBPerDay: browserSlope === null ? null : browserSlope / MB,
      teardownDeltaMB,
      browserStartMB: run.memory.browserHeapStart === null ? null : run.memory.browserHeapStart / MB,
      browserEndMB: run.memory.browserHeapEnd === null ? null : run.memory.browserHeapEnd / MB,
    },
    collector: agreement === null || run.collector === null ? null : {
      ...agreement,
      successRate: run.collector.monitoring.connections.successRate,
      latency: run.collector.monitoring.latency,
      freshness: run.collector.monitoring.freshness,
    },
    failures,
    passed: failures.length === 0,
  }
}
