/**
 * `npm run soak -- --scaled [--minutes 1] [--clients 6] [--seed 1]`: three reference-server
 * instances on one Redis (server/redis/), Node dashboard stores failing over between them, and
 * a seeded cycle of faults — kill an instance (SIGKILL, restarted 3 s later), restart Redis (its
 * data gone), partition one instance from Redis for 3 s (its own TCP relay cut). After each fault:
 * every client healthy again, then the generator paused and every store compared with the snapshot
 * in Redis; throughout, every delivered frame's seq checked (0 lost, 0 duplicated, 0 stale).
 */
import { writeFileSync, mkdirSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { WebSocket } from 'ws'
import { startRedis } from '../server/redis/redisProcess'
import { createDashboardStore, type DashboardStore } from '../src/store/createDashboardStore'
import { DASHBOARD_FEEDS, FEED_NAMES } from '../src/store/dashboard/feeds'
import { NODE_CLIENT_PROFILE } from './config'
import { RedisProxy } from './redisProxy'
import { Rng } from './rng'
import { FeedStream } from './scaledStream'
import { startServerChild, type ServerChild } from './serverProcess'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const until = async (condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return true
    await sleep(50)
  }
  return condition()
}

type Fault = 'kill-instance' | 'restart-redis' | 'partition-instance'
const FAULTS: readonly Fault[] = ['kill-instance', 'restart-redis', 'partition-instance']

interface EventRecord { fault: Fault; target: string; recoveredMs: number | null; convergeMs: number; mismatches: number }

interface Client { store: DashboardStore; streams: Map<string, FeedStream>; stop: () => void }

const flag = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`)
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN
  return Number.isFinite(value) ? value : fallback
}

const healthy = (store: DashboardStore): boolean =>
  FEED_NAMES.every((feed) => {
    const health = store.getState().connections[feed]
    return health?.status === 'connected' && health.fallback === 'none'
  })

export async function runScaledSoak(): Promise<number> {
  const minutes = flag('minutes', 1)
  const clientCount = flag('clients', 6)
  const seed = flag('seed', 1)
  // Faults and clients draw from their own streams, so the clients' retries do not steer the targets.
  const rng = new Rng(seed)
  const clientRng = new Rng(seed ^ 0x5bd1e995)
  const updateMs = 250
  const redis = await startRedis()
  const proxies = await Promise.all([0, 1, 2].map(() => RedisProxy.start(redis.port)))
  const argsOf = (index: number) => ['--redis-url', (proxies[index] as RedisProxy).url, '--update-ms', String(updateMs), '--retry-after-ms', '1000']
  const instances: ServerChild[] = []
  const clients: Client[] = []
  let tornDown = false
  /** Every process and socket this soak started, stopped by handle — also when it fails half-way. */
  const teardown = async (): Promise<void> => {
    if (tornDown) return
    tornDown = true
    for (const { store, stop } of clients) { stop(); store.transport.disconnect() }
    await Promise.all(instances.map((server) => server.stop('SIGTERM')))
    await Promise.all(proxies.map((proxy) => proxy.close()))
    await redis.stop()
  }
  try {
    for (const index of [0, 1, 2]) instances.push(await startServerChild({ port: 0, args: argsOf(index) }))
    const bases = instances.map((server) => server.wsBase)
    for (let index = 0; index < clientCount; index += 1) {
      const store = createDashboardStore(bases, { ...NODE_CLIENT_PROFILE, WebSocket, lifecycle: null, random: () => clientRng.float(), batch: 'microtask', devtools: { enabled: false } })
      const streams = new Map<string, FeedStream>()
      const stops: (() => void)[] = []
      for (const feed of FEED_NAMES) {
        const stream = new FeedStream(`client ${index} ${feed}`)
        streams.set(feed, stream)
        // A snapshot covers a jump: a socket (re)opened, a poll, or a resync since the last frame.
        let marks = { sessions: 0, resyncs: 0 }
        let sessions = 0
        stops.push(store.transport.onTransition((t) => { if (t.kind === 'state' && t.name === feed && t.to === 'connected') sessions += 1 }))
        stops.push(store.transport.subscribe(feed, (message) => {
          const resyncs = store.transport.metrics().endpoints[feed]?.resyncs ?? 0
          const polled = store.transport.health(feed).status !== 'connected'
          const covered = polled || sessions !== marks.sessions || resyncs !== marks.resyncs
          marks = { sessions, resyncs }
          stream.frame(message.seq, message.data, covered)
        }))
      }
      await store.transport.connect()
      clients.push({ store, streams, stop: () => stops.forEach((stop) => stop()) })
    }

    const events: EventRecord[] = []
    const errors: string[] = []
    const allHealthy = () => clients.every(({ store }) => healthy(store))

    /** Pause the generator everywhere; every store must then hold Redis's snapshot of every feed. */
    const check = async (): Promise<{ convergeMs: number; mismatches: number }> => {
      const started = Date.now()
      const running = instances.filter((server) => server.isRunning())
      await Promise.all(running.map((server) => server.control({ action: 'setUpdateInterval', ms: 0 })))
      await sleep(300)
      // Every instance must be serving (caught up with Redis) before its snapshot counts.
      const serving = async (): Promise<boolean> => (await Promise.all(running.map((server) => server.snapshot('queue').then(() => true, () => false)))).every(Boolean)
      if (!(await until(serving, 30_000))) errors.push('an instance never served again after a fault')
      const snapshots = await Promise.all(FEED_NAMES.map((feed) => (running[0] as ServerChild).snapshot(feed)))
      const mismatchesNow = () => clients.flatMap(({ store }) => DASHBOARD_FEEDS.filter((feed, index) => {
        const state = store.getState()
        const expected = snapshots[index]
        return state.seq[feed.name] !== expected?.seq || !isDeepStrictEqual(state[feed.key], expected?.data)
      })).length
      await until(() => mismatchesNow() === 0, 10_000)
      const mismatches = mismatchesNow()
      await Promise.all(running.map((server) => server.control({ action: 'setUpdateInterval', ms: updateMs })))
      return { convergeMs: Date.now() - started, mismatches }
    }

    if (!(await until(allHealthy, 30_000))) errors.push('clients not healthy at start')
    const initial = await check()
    const deadline = Date.now() + minutes * 60_000
    let round = 0
    while (Date.now() < deadline) {
      const fault = FAULTS[round % FAULTS.length] as Fault
      const target = rng.int(0, 2)
      round += 1
      await sleep(rng.int(1000, 3000))
      const at = Date.now()
      // Clients are timed from the fault itself, whatever the fault's own script still does.
      // Not knocked over within 5 s: the clients rode the fault out (0 ms).
      const watching: Promise<number | null> = until(() => !allHealthy(), 5000).then(async (knocked) =>
        !knocked ? at : (await until(allHealthy, 60_000)) ? Date.now() : null)
      if (fault === 'kill-instance') {
        const victim = instances[target] as ServerChild
        await victim.stop('SIGKILL')
        await sleep(3000)
        instances[target] = await startServerChild({ port: victim.port, args: argsOf(target) })
      } else if (fault === 'restart-redis') {
        await redis.restart()
      } else {
        ;(proxies[target] as RedisProxy).cut(3000)
        await sleep(3000)
      }
      const recoveredAt = await watching
      const recoveredMs = recoveredAt === null ? null : recoveredAt - at
      const { convergeMs, mismatches } = await check()
      events.push({ fault, target: fault === 'restart-redis' ? 'redis' : `instance ${target}`, recoveredMs, convergeMs, mismatches })
      console.log(`[scaled soak] ${fault} (${events.at(-1)?.target}): clients healthy ${recoveredMs === null ? 'NEVER' : `${recoveredMs} ms`} after the fault, ${mismatches} mismatches`)
    }

    const totals = { frames: 0, lost: 0, duplicated: 0, stale: 0 }
    const violations: string[] = []
    for (const { streams } of clients) for (const stream of streams.values()) {
      for (const key of ['frames', 'lost', 'duplicated', 'stale'] as const) totals[key] += stream.counts[key]
      violations.push(...stream.violations)
    }
    const metrics = clients.map(({ store }) => store.transport.metrics())
    const gaps = metrics.reduce((sum, m) => sum + m.gapsDetected, 0)
    const resyncs = metrics.reduce((sum, m) => sum + m.resyncs, 0)
    await teardown()

    const mismatches = initial.mismatches + events.reduce((sum, e) => sum + e.mismatches, 0)
    const unrecovered = events.filter((e) => e.recoveredMs === null).length
    const passed = mismatches === 0 && totals.lost + totals.duplicated + totals.stale === 0 && unrecovered === 0 && errors.length === 0
    const report = [
      `# Scaled soak (${passed ? 'PASSED' : 'FAILED'})`, '',
      `${new Date().toISOString()}: 3 instances on one Redis, ${clientCount} Node dashboard stores (8 feeds each, failing over between the instances), ${minutes} min of faults, generator every ${updateMs} ms.`, '',
      '| fault | target | clients healthy after | converged | mismatches |', '|:---|:---|---:|---:|---:|',
      ...events.map((e) => `| ${e.fault} | ${e.target} | ${e.recoveredMs === null ? 'never' : `${e.recoveredMs} ms`} | ${e.convergeMs} ms | ${e.mismatches} |`), '',
      `- frames checked: ${totals.frames}; lost ${totals.lost}, duplicated ${totals.duplicated}, stale ${totals.stale}; mismatches ${mismatches}; unrecovered ${unrecovered}`,
      `- client seq gaps detected ${gaps}, resyncs ${resyncs}`,
      ...errors.map((error) => `- error: ${error}`),
      ...violations.slice(0, 20).map((v) => `- violation: ${v}`),
    ].join('\n')
    mkdirSync('soak/results', { recursive: true })
    writeFileSync('soak/results/scaled.md', `${report}\n`)
    console.log(report)
    return passed ? 0 : 1
  } finally {
    await teardown()
  }
}
