import { applyFault, type ChaosContext } from './chaosEvents'
import { OUTAGE_KINDS, type ChaosKind, type ChaosPlan, type ChaosSchedule } from './chaosPlan'
import { awaitRecovery, checkConsistency, type Mismatch } from './consistency'
import type { Journal, Samples } from './journal'
import { heapAfterGc } from './resources'
import type { Rng } from './rng'

/** One fault, as the journal keeps it. */
export interface EventRecord {
  index: number
  kind: ChaosKind
  /** Seconds since the chaos phase began. */
  atS: number
  holdMs: number
  detail: string
  /** ms from injecting the fault to lifting it. */
  liftMs: number
  /** ms from the lift until healthy again, per participant the fault knocked over (Node clients). */
  nodeRecoveryMs: number[]
  browserRecoveryMs: number[]
  unrecovered: string[]
  /** Outage kinds: how long the server refused, and the Node clients' connection attempts meanwhile. */
  outage: { ms: number; attempts: number; maxPerClient: number } | null
  circuitsOpened: number
  convergeMs: number
  mismatches: Mismatch[]
  violations: string[]
  failures: string[]
  notes: string[]
}

export interface LoopContext extends ChaosContext {
  updateMs: number
  rng: Rng
  schedule: ChaosSchedule
  journal: Journal<EventRecord>
  /** Soak-process heap after GC at each check: time (ms) and bytes, interleaved. */
  heapSamples: Samples
  /** The browser page's JS heap after GC at each check, the same way (when there is a page). */
  browserHeapSamples: Samples
  /** The page's heap after GC (bytes), when there is a page. */
  browserHeap: (() => Promise<number | null>) | null
  log(line: string): void
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const describePlan = (plan: ChaosPlan): string =>
  [
    plan.feeds.length > 0 ? `feeds ${plan.feeds.join(',')}` : '',
    plan.clients.length > 0 ? `${plan.clients.length} node client(s)` : '',
    plan.browser ? 'browser' : '',
    plan.amount > 0 ? `amount ${plan.amount}` : '',
  ].filter(Boolean).join('; ')

async function totalViolations(ctx: LoopContext): Promise<string[]> {
  const all = await Promise.all(ctx.participants.map((p) => p.monitor()))
  return all.flatMap((m) => m.violations)
}

async function circuitsOpened(ctx: LoopContext): Promise<number> {
  const counts = await Promise.all(ctx.participants.map((p) => p.circuits()))
  return counts.reduce((sum, c) => sum + c.opened + c.reopened, 0)
}

/** Samples the soak process heap (after GC), the page's and the server's, for the memory figures. */
export async function sampleHeap(ctx: LoopContext): Promise<void> {
  ctx.heapSamples.push(Date.now())
  ctx.heapSamples.push(await heapAfterGc())
  const page = await ctx.browserHeap?.()
  if (page !== undefined && page !== null) {
    ctx.browserHeapSamples.push(Date.now())
    ctx.browserHeapSamples.push(page)
  }
  await ctx.server.probe().catch(() => undefined)
}

/** Runs one fault end to end: inject, hold, lift, wait for recovery, check consistency, record. */
export async function runEvent(ctx: LoopContext, plan: ChaosPlan, index: number, chaosStart: number): Promise<EventRecord> {
  const violationsBefore = (await totalViolations(ctx)).length
  const openedBefore = await circuitsOpened(ctx)
  ctx.ledger.resetWindow()
  const startedAt = Date.now()
  const applied = await applyFault(ctx, plan)
  const window = [...ctx.ledger.windowCounts()]
  const recoveries = await awaitRecovery(ctx.participants, startedAt, applied.liftedAt)
  const check = await checkConsistency(ctx.server, ctx.participants, ctx.updateMs, () => sampleHeap(ctx))
  const violations = (await totalViolations(ctx)).slice(violationsBefore)
  const recovered = (kind: 'node' | 'browser') =>
    recoveries.filter((r) => r.kind === kind && r.affected && r.afterLiftMs !== null).map((r) => r.afterLiftMs ?? 0)
  const record: EventRecord = {
    index,
    kind: plan.kind,
    atS: Math.round((startedAt - chaosStart) / 100) / 10,
    holdMs: plan.holdMs,
    detail: describePlan(plan),
    liftMs: applied.liftedAt - startedAt,
    nodeRecoveryMs: recovered('node'),
    browserRecoveryMs: recovered('browser'),
    unrecovered: recoveries.filter((r) => r.afterLiftMs === null).map((r) => r.participant),
    outage: OUTAGE_KINDS.has(plan.kind)
      ? { ms: applied.liftedAt - startedAt, attempts: window.reduce((sum, n) => sum + n, 0), maxPerClient: Math.max(0, ...window) }
      : null,
    circuitsOpened: (await circuitsOpened(ctx)) - openedBefore,
    convergeMs: check.convergeMs,
    mismatches: check.mismatches,
    violations,
    failures: applied.failures,
    notes: applied.notes,
  }
  return record
}

const MIN_HOLD_MS = 1000
/** Time kept free at the end of the chaos phase for the last recovery and check. */
const RESERVE_MS = 6000

/** Runs faults from the schedule until `untilMs`; each starts only if its hold fits. */
export async function chaosLoop(ctx: LoopContext, chaosStart: number, untilMs: number): Promise<void> {
  let index = 0
  while (Date.now() + RESERVE_MS < untilMs) {
    const plan = ctx.schedule.next()
    const room = untilMs - RESERVE_MS - Date.now()
    if (plan.holdMs > room) {
      if (room < MIN_HOLD_MS) break
      plan.holdMs = room
    }
    index += 1
    const record = await runEvent(ctx, plan, index, chaosStart)
    ctx.journal.append(record)
    const worst = Math.max(0, ...record.nodeRecoveryMs, ...record.browserRecoveryMs)
    const trouble = record.mismatches.length + record.violations.length + record.failures.length + record.unrecovered.length
    ctx.log(
      `#${index} ${plan.kind} hold ${plan.holdMs} ms (${record.detail || '-'}): ` +
        `${record.nodeRecoveryMs.length + record.browserRecoveryMs.length} recovered, worst ${worst} ms after lift, ` +
        `circuits opened ${record.circuitsOpened}, converged in ${record.convergeMs} ms${trouble > 0 ? `, PROBLEMS ${trouble}` : ''}`,
    )
    await sleep(ctx.rng.int(500, 2500))
  }
}
