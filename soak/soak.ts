import { AttemptLedger, type AttemptCounts, type Phase } from './attempts'
import type { BrowserParticipant } from './browserClient'
import { ChaosSchedule } from './chaosPlan'
import { chaosLoop, sampleHeap, type EventRecord, type LoopContext } from './chaosLoop'
import type { SoakConfig } from './config'
import { awaitRecovery, checkConsistency, type CheckResult } from './consistency'
import { captureErrors } from './errors'
import { Journal, Samples } from './journal'
import { NodeParticipant } from './nodeClient'
import type { CircuitCounts, Participant } from './participant'
import { handleCounts, heapAfterGc, settleHandles } from './resources'
import { Rng } from './rng'
import type { MonitorCounts } from './sessionMonitor'
import { SoakServer } from './soakServer'
import type { CollectorRun } from './collectorCheck'
import type { TransportMetrics } from '../src/transport/types'

/** Everything one soak run measured; `report.ts` turns it into figures and a verdict. */
export interface SoakRun {
  config: SoakConfig
  startedAt: string
  wallS: number
  chaosS: number
  browser: { included: boolean; note: string }
  /** ms from connect() until every participant was healthy, at startup. */
  startupMs: number
  events: EventRecord[]
  initialCheck: CheckResult
  finalCheck: CheckResult | null
  attempts: Record<Phase, AttemptCounts>
  /** Polls the Node clients sent, by phase (the polling fallback). */
  polls: Record<Phase, number>
  circuits: { node: CircuitCounts; browser: CircuitCounts | null }
  metrics: { node: TransportMetrics[]; browser: TransportMetrics | null }
  monitor: { counts: MonitorCounts[]; violations: string[] }
  /** What the Node clients' reporters delivered to the collector (null when it could not be read). */
  collector: CollectorRun | null
  memory: {
    heapBeforeClients: number
    heapWarm: number
    heapEnd: number
    heapAfterTeardown: number
    /** [ms since start, bytes] at each check. */
    samples: [number, number][]
    browserSamples: [number, number][]
    browserHeapStart: number | null
    browserHeapEnd: number | null
    server: { run: number; firstHeap: number; lastHeap: number }[]
  }
  /** storesRetained: Node stores still reachable (WeakRef) after they were closed and GC ran. */
  handles: { before: Record<string, number>; afterTeardown: Record<string, number>; leftover: string[]; storesRetained: number }
  errors: string[]
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * One throwaway client through connect, a check and close, before the baseline is taken: the code
 * paths (JIT), fetch and ws internals it warms are not what the clients leak.
 */
async function warmUp(server: SoakServer, updateMs: number): Promise<void> {
  const warm = new NodeParticipant(0, server.wsBase, new AttemptLedger(1))
  const at = Date.now()
  await warm.connect()
  await awaitRecovery([warm], at - 1, at)
  await checkConsistency(server, [warm], updateMs)
  await server.metrics()
  await warm.close()
  await sleep(500)
}

/**
 * Closes every Node client and empties the list; returns weak references to their stores. Its own
 * function, so no frame of the still-running soak keeps the last client alive on the stack.
 */
async function closeNodes(nodes: NodeParticipant[]): Promise<WeakRef<object>[]> {
  const refs = nodes.map((node) => new WeakRef(node.store))
  await Promise.all(nodes.map((node) => node.close()))
  nodes.length = 0
  return refs
}

/** GET /monitoring of the soak's collector; null (and a log line) when it cannot be read. */
async function readCollector(httpBase: string, url: string, finalReports: number, clients: number, log: (line: string) => void): Promise<CollectorRun | null> {
  try {
    const response = await fetch(`${httpBase}/monitoring`)
    const monitoring = (await response.json()) as CollectorRun['monitoring'] & { totals: CollectorRun['totals'] }
    return { url, finalReports, clients, totals: monitoring.totals, monitoring }
  } catch (error) {
    log(`collector unreadable: ${error instanceof Error ? error.message : String(error)}`)
    return null
  }
}

/** Runs the whole soak: server child, clients, seeded chaos with checks, then teardown and measurements. */
export async function runSoak(config: SoakConfig, log: (line: string) => void): Promise<SoakRun> {
  const started = Date.now()
  const errors = captureErrors()
  const journal = new Journal<EventRecord>()
  const heapSamples = new Samples(20_000)
  const browserHeapSamples = new Samples(20_000)
  const rng = new Rng(config.seed)
  const server = await SoakServer.start(['--seed', String(config.seed), '--update-ms', String(config.updateMs)])
  log(`server on ${server.wsBase} (pid ${server.pid})`)
  // The fleet collector lives in a reference server of its own, outside the chaos (a restart would empty it).
  const collector = await SoakServer.start(['--update-ms', '0'])
  const reportUrl = `${collector.httpBase}/reports`
  log(`collector on ${reportUrl} (pid ${collector.pid})`)
  let browser: BrowserParticipant | null = null
  let browserNote = config.browser ? '' : 'not requested (--no-browser)'
  const nodes: NodeParticipant[] = []
  const participants: Participant[] = []
  try {
    if (config.browser) {
      try {
        // Loaded only when asked for: Vite and playwright weigh tens of MB of heap.
        const { BrowserParticipant: Page } = await import('./browserClient')
        browser = await Page.start(server.wsBase)
        participants.push(browser)
        browserNote = 'demo page (Vite dev server) in headless Chromium, library defaults (backoff, breaker with recoveryTimeout 60 s, polling every 5 s) except heartbeat 5 s/2 s and hidden grace 2 s'
      } catch (error) {
        browserNote = `could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
      }
    }
    log(`browser: ${browserNote}`)
    await warmUp(server, config.updateMs)
    const heapBeforeClients = await heapAfterGc()
    const handlesBefore = handleCounts()
    const ledger = new AttemptLedger(config.clients)
    for (let index = 0; index < config.clients; index += 1) nodes.push(new NodeParticipant(index, server.wsBase, ledger, reportUrl))
    participants.push(...nodes)
    const connectAt = Date.now()
    await Promise.all(nodes.map((node) => node.connect()))
    const startup = await awaitRecovery(participants, connectAt - 1, connectAt)
    const startupMs = Math.max(0, ...startup.map((r) => r.afterLiftMs ?? Number.POSITIVE_INFINITY))
    const initialCheck = await checkConsistency(server, participants, config.updateMs)
    log(`${participants.length} participants healthy in ${startupMs} ms; initial check: ${initialCheck.mismatches.length} mismatches`)

    const ctx: LoopContext = {
      server,
      participants,
      nodes,
      browser,
      ledger,
      updateMs: config.updateMs,
      rng,
      schedule: new ChaosSchedule(rng, { clients: config.clients, browser: browser !== null, scale: Math.min(1, Math.max(0.4, config.minutes / 3)) }),
      journal,
      heapSamples,
      browserHeapSamples,
      browserHeap: browser === null ? null : () => (browser === null ? Promise.resolve(null) : browser.heap()),
      log,
    }
    const heapWarm = await heapAfterGc()
    const browserHeapStart = (await browser?.heap()) ?? null
    await sampleHeap(ctx)
    const chaosStart = Date.now()
    await chaosLoop(ctx, chaosStart, chaosStart + config.minutes * 60_000)
    const chaosS = (Date.now() - chaosStart) / 1000

    await sleep(1000)
    const finalCheck = await checkConsistency(server, participants, config.updateMs, () => sampleHeap(ctx))
    const heapEnd = heapSamples.toArray().at(-1) ?? 0
    const browserHeapEnd = (await browser?.heap()) ?? null
    log(`final check: ${finalCheck.mismatches.length} mismatches (converged in ${finalCheck.convergeMs} ms)`)

    const monitors = await Promise.all(participants.map((p) => p.monitor()))
    const nodeCircuits = (await Promise.all(nodes.map((n) => n.circuits()))).reduce(
      (sum, c) => ({ opened: sum.opened + c.opened, reopened: sum.reopened + c.reopened, recovered: sum.recovered + c.recovered }),
      { opened: 0, reopened: 0, recovered: 0 },
    )
    // Each Node client stops (its counters freeze) and sends a final report: the soak's figures and the collector's must then agree.
    const finalReports = (await Promise.all(nodes.map((node) => node.stopAndReport()))).filter(Boolean).length
    const collected = await readCollector(collector.httpBase, reportUrl, finalReports, config.clients, log)
    const run: Omit<SoakRun, 'memory' | 'handles' | 'errors' | 'wallS' | 'events'> = {
      config,
      startedAt: new Date(started).toISOString(),
      chaosS,
      browser: { included: browser !== null, note: browserNote },
      startupMs,
      initialCheck,
      finalCheck,
      attempts: { normal: { ...ledger.byPhase.normal }, outage: { ...ledger.byPhase.outage } },
      polls: { ...ledger.pollsByPhase },
      circuits: { node: nodeCircuits, browser: (await browser?.circuits()) ?? null },
      metrics: { node: await Promise.all(nodes.map((n) => n.metrics())), browser: (await browser?.metrics()) ?? null },
      monitor: { counts: monitors.map((m) => ({ ...m.counts })), violations: monitors.flatMap((m) => [...m.violations]) },
      collector: collected,
    }
    const browserErrors = browser?.errors() ?? []

    // Teardown of the Node clients, then what they left behind: handles, heap, and stores still reachable.
    const storeRefs = await closeNodes(nodes)
    participants.length = 0
    ctx.participants = []
    const leftover = await settleHandles(handlesBefore, 15_000)
    const heapAfterTeardown = await heapAfterGc()
    await sleep(100)
    await heapAfterGc()
    const storesRetained = storeRefs.filter((ref) => ref.deref() !== undefined).length
    const pairs = (list: Samples): [number, number][] => {
      const flat = list.toArray()
      const out: [number, number][] = []
      for (let i = 0; i + 1 < flat.length; i += 2) out.push([(flat[i] ?? 0) - started, flat[i + 1] ?? 0])
      return out
    }
    return {
      ...run,
      events: journal.readAll(),
      wallS: (Date.now() - started) / 1000,
      memory: { heapBeforeClients, heapWarm, heapEnd, heapAfterTeardown, samples: pairs(heapSamples), browserSamples: pairs(browserHeapSamples), browserHeapStart, browserHeapEnd, server: server.heapByRun },
      handles: { before: handlesBefore, afterTeardown: handleCounts(), leftover, storesRetained },
      errors: [...errors.list, ...browserErrors, ...server.unexpectedExits],
    }
  } finally {
    for (const node of nodes) await node.close().catch(() => undefined)
    await browser?.close().catch((error: unknown) => log(`browser close failed: ${String(error)}`))
    await server.stop('SIGTERM').catch(() => undefined)
    await collector.stop('SIGTERM').catch(() => undefined)
    journal.dispose()
    errors.dispose()
  }
}
