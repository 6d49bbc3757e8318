import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createConnectionPool, failoverUrls, type ConnectionPool, type Message } from 'zustand-realtime/transport'
import { type RunningServer, startServer } from '../../server/createServer'
import { type RedisProcess, startRedis } from '../../server/redis/redisProcess'
import { pollPath, wsPath } from '../../src/store/dashboard/feeds'
import { waitFor } from '../helpers/transportHarness'

const FEEDS = ['queue', 'routes', 'workflows'] as const
type Feed = (typeof FEEDS)[number]

/** One client: a pool over every instance, and what it applied per feed. */
interface Client {
  pool: ConnectionPool
  applied: Record<Feed, Message[]>
}

describe('clients over three Redis-backed instances: failover and gap-free updates', () => {
  let redis: RedisProcess
  let instances: RunningServer[] = []
  const clients: Client[] = []

  const startInstances = async (count: number): Promise<RunningServer[]> => {
    const started: RunningServer[] = []
    for (let index = 0; index < count; index += 1) {
      started.push(await startServer({ port: 0, updateIntervalMs: 50, retryAfterMs: 300, redis: { url: redis.url, partitionGraceMs: 300, generatorTtlMs: 900 } }))
    }
    return started
  }

  const client = (seed: number): Client => {
    let state = seed
    const random = () => ((state = (state * 16807) % 2147483647) / 2147483647)
    const pool = createConnectionPool({
      WebSocket,
      lifecycle: null,
      random,
      staggerMs: 10,
      reconnect: { baseDelay: 200, maxDelay: 1500, jitterMax: 200 },
      endpoints: FEEDS.map((name) => ({
        name,
        url: failoverUrls(instances.map((server) => server.wsBase + wsPath(name)), { random }),
        poll: { url: failoverUrls(instances.map((server) => server.url + pollPath(name)), { random }) },
      })),
    })
    const applied = { queue: [], routes: [], workflows: [] } as Record<Feed, Message[]>
    for (const name of FEEDS) pool.subscribe(name, (message) => applied[name].push(message))
    const made = { pool, applied }
    clients.push(made)
    return made
  }

  const allConnected = (): boolean => clients.every(({ pool }) => FEEDS.every((name) => pool.health(name).status === 'connected'))

  /** Stop the generator everywhere; every client must then hold exactly the snapshot in Redis. */
  const converged = async (survivors: RunningServer[]): Promise<void> => {
    for (const server of survivors) server.control.setUpdateInterval(0)
    const reference = survivors[0] as RunningServer
    const expected = Object.fromEntries(await Promise.all(FEEDS.map(async (name) => [name, await (await fetch(reference.url + pollPath(name))).json()])))
    await waitFor('convergence', () => clients.every(({ applied }) => FEEDS.every((name) => applied[name].at(-1)?.seq === expected[name].seq)), { timeoutMs: 8000 })
    for (const { applied } of clients) {
      for (const name of FEEDS) {
        expect(applied[name].at(-1)?.data).toEqual(expected[name].data)
        // Never an older seq, whatever instance a frame came from; the same seq twice only as the
        // snapshot of a new socket, carrying the very same data (a snapshot resets the baseline).
        const frames = applied[name]
        for (let index = 1; index < frames.length; index += 1) {
          const [before, after] = [frames[index - 1] as Message, frames[index] as Message]
          expect(Number(after.seq)).toBeGreaterThanOrEqual(Number(before.seq))
          if (after.seq === before.seq) expect(after.data).toEqual(before.data)
        }
      }
    }
  }

  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis.stop()
  })
  afterEach(async () => {
    for (const { pool } of clients.splice(0)) pool.disconnect()
    await Promise.all(instances.map((server) => server.close()))
    instances = []
  })

  it('the clients of a killed instance move to the others and miss nothing', async () => {
    instances = await startInstances(3)
    for (let index = 0; index < 12; index += 1) await client(index + 1).pool.connect()
    await waitFor('all connected', allConnected, { timeoutMs: 10_000 })
    const perInstance = instances.map((server) => server.metrics().connections.total)
    expect(perInstance.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2)

    const [victim, ...survivors] = instances
    await victim?.close(1012, 'instance going away')
    await waitFor('all connected again', allConnected, { timeoutMs: 15_000 })
    const total = survivors.reduce((sum, server) => sum + server.metrics().connections.total, 0)
    expect(total).toBe(12 * FEEDS.length)
    await converged(survivors)
    instances = survivors
  })

  it('Redis restarted under load: instances reconnect, clients resync, nothing is lost', async () => {
    instances = await startInstances(3)
    for (let index = 0; index < 9; index += 1) await client(100 + index).pool.connect()
    await waitFor('all connected', allConnected, { timeoutMs: 10_000 })
    await waitFor('updates flowing', () => clients.every(({ applied }) => applied.queue.length >= 3), { timeoutMs: 5000 })

    await redis.restart()
    await waitFor('all connected after the restart', allConnected, { timeoutMs: 20_000 })
    await waitFor('updates flowing again', () => clients.every(({ applied }) => applied.queue.length >= 6), { timeoutMs: 10_000 })
    await converged(instances)
    const metrics = clients.map(({ pool }) => pool.metrics())
    // Nothing was applied out of order; any gap the restart caused was resynced.
    for (const m of metrics) expect(m.resyncs).toBeGreaterThanOrEqual(m.gapsDetected)
  })

  it('reconnect recovery: a dropped socket resumes on another instance with ?since=, every seq exactly once', async () => {
    instances = await startInstances(2)
    const pool = createConnectionPool({
      WebSocket,
      lifecycle: null,
      resumeWindowMs: 5000,
      endpoints: [{ name: 'queue', url: failoverUrls(instances.map((server) => server.wsBase + wsPath('queue'))) }],
    })
    const seqs: number[] = []
    pool.subscribe('queue', (message) => seqs.push(Number(message.seq)))
    clients.push({ pool, applied: { queue: [], routes: [], workflows: [] } })
    await pool.connect()
    await waitFor('stable and updating', () => pool.health('queue').status === 'connected' && seqs.length >= 25, { timeoutMs: 10_000 })
    pool.chaos.kill('queue')
    await waitFor('resumed', () => (pool.metrics().resumes >= 1 && seqs.length >= 40) || null, { timeoutMs: 10_000 })
    // No snapshot on the new socket (it would repeat a seq), no gap: one contiguous run.
    expect(seqs).toEqual(seqs.map((_, index) => (seqs[0] as number) + index))
    expect(pool.metrics()).toMatchObject({ gapsDetected: 0, seqDropped: 0, resyncs: 0 })
  })
})

