import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { type RunningServer, startServer } from '../../server/createServer'
import type { ServerOptions } from '../../server/options'
import { type RedisProcess, startRedis } from '../../server/redis/redisProcess'
import { FEED_NAMES, pollPath, wsPath } from '../../src/store/dashboard/feeds'
import { createClientPool, waitClosed, waitFrames } from '../helpers/serverClient'

describe('reference server on Redis: several instances, one topic space', () => {
  let redis: RedisProcess
  const clients = createClientPool()
  const servers: RunningServer[] = []
  let prefix = 0
  let keyPrefix = ''

  const instance = async (options: ServerOptions = {}): Promise<RunningServer> => {
    const server = await startServer({ port: 0, updateIntervalMs: 0, redis: { url: redis.url, keyPrefix, partitionGraceMs: 300, generatorTtlMs: 600 }, ...options })
    servers.push(server)
    return server
  }

  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis.stop()
  })
  // Each test its own topic space in the one Redis.
  afterEach(async () => {
    await clients.closeAll()
    await Promise.all(servers.splice(0).map((server) => server.close()))
    prefix += 1
    keyPrefix = `t${prefix}:`
  })

  it('an update published through instance A reaches a client on instance B, in seq order', async () => {
    const a = await instance()
    const b = await instance()
    const onB = clients.open(b.wsBase + wsPath('queue'))
    const [snapshot] = await waitFrames(onB, 'queue_update')
    const start = Number(snapshot?.seq)

    a.control.burst('queue', 3)
    const frames = await waitFrames(onB, 'queue_update', 4)
    expect(frames.map((frame) => frame.seq)).toEqual([start, start + 1, start + 2, start + 3])
    // Topic-scoped across instances too: routes sockets hear nothing of queue's updates.
    const routesOnB = clients.open(b.wsBase + wsPath('routes'))
    await waitFrames(routesOnB, 'routes_update')
    a.control.burst('queue', 1)
    await waitFrames(onB, 'queue_update', 5)
    expect(routesOnB.frames).toHaveLength(1)
  })

  it('a new client gets the same snapshot and seq from any instance, over the socket and the poll', async () => {
    const instances = [await instance(), await instance(), await instance()]
    instances[0]?.control.burst('routes', 2)
    instances[2]?.control.burst('routes', 3)
    const expectedSeq = await vi.waitFor(async () => {
      const seqs = await Promise.all(instances.map(async (server) => (await (await fetch(server.url + pollPath('routes'))).json()).seq))
      expect(new Set(seqs).size).toBe(1)
      return Number(seqs[0])
    })
    expect(expectedSeq).toBeGreaterThanOrEqual(5)
    const snapshots = await Promise.all(instances.map(async (server) => {
      const client = clients.open(server.wsBase + wsPath('routes'))
      await waitFrames(client, 'routes_update')
      return client.texts[0]
    }))
    expect(new Set(snapshots).size).toBe(1)
    const polled = await Promise.all(instances.map(async (server) => (await fetch(server.url + pollPath('routes'))).text()))
    expect(polled).toEqual(snapshots)
  })

  it('runs the generator on exactly one instance; when it goes, another takes over', async () => {
    const instances = [await instance({ updateIntervalMs: 50 }), await instance({ updateIntervalMs: 50 }), await instance({ updateIntervalMs: 50 })]
    await vi.waitFor(() => expect(instances.filter((server) => server.generating())).toHaveLength(1), { timeout: 5000 })
    const generator = instances.find((server) => server.generating())
    const survivors = instances.filter((server) => server !== generator)
    const listener = clients.open((survivors[0] as RunningServer).wsBase + wsPath('queue'))
    await waitFrames(listener, 'queue_update', 3)

    await generator?.close()
    await vi.waitFor(() => expect(survivors.filter((server) => server.generating())).toHaveLength(1), { timeout: 5000 })
    const heard = listener.frames.length
    await waitFrames(listener, 'queue_update', heard + 3, 5000)
    const seqs = listener.ofType('queue_update').map((frame) => Number(frame.seq))
    // One generator at a time and one INCR per step: every seq exactly once, in order.
    expect(seqs).toEqual(seqs.map((_, index) => (seqs[0] as number) + index))
  })

  it('a partitioned instance refuses new sockets (1013) and polls (503), closes its sockets after the grace, and serves again with seq carried on', async () => {
    const server = await instance()
    for (const name of FEED_NAMES) server.control.burst(name, 2)
    // Publishing goes through Redis (asynchronously): wait until this instance has heard it.
    await vi.waitFor(async () => expect((await (await fetch(server.url + pollPath('queue'))).json()).seq).toBe(2))
    const before = clients.open(server.wsBase + wsPath('queue'))
    const [snapshot] = await waitFrames(before, 'queue_update')
    expect(snapshot?.seq).toBe(2)

    await redis.stop()
    expect(await waitClosed(before, 5000)).toMatchObject({ code: 1013 })
    const refused = clients.open(server.wsBase + wsPath('queue'))
    expect((await waitClosed(refused)).code).toBe(1013)
    expect((await fetch(server.url + pollPath('queue'))).status).toBe(503)

    // A Redis restarted without its data: the instance seeds it with what it knew, seq never goes back.
    await redis.restart()
    await vi.waitFor(async () => expect((await fetch(server.url + pollPath('queue'))).status).toBe(200), { timeout: 5000 })
    server.control.burst('queue', 1)
    const after = clients.open(server.wsBase + wsPath('queue'))
    const frames = await waitFrames(after, 'queue_update')
    expect(Number(frames[0]?.seq)).toBeGreaterThanOrEqual(2)
    await vi.waitFor(async () => expect((await (await fetch(server.url + pollPath('queue'))).json()).seq).toBe(3))
  })

  it('an instance whose Redis link drops briefly replays what it missed from the history: its sockets see no gap', async () => {
    const { createClient } = await import('redis')
    const admin = createClient({ url: redis.url })
    await admin.connect()
    const clientIds = async (): Promise<string[]> =>
      String(await admin.sendCommand(['CLIENT', 'LIST'])).split('\n').map((line) => /^id=(\d+)/.exec(line)?.[1]).filter((id): id is string => id !== undefined)
    const before = await clientIds()
    const a = await instance({ redis: { url: redis.url, keyPrefix, partitionGraceMs: 5000 } })
    const idsOfA = (await clientIds()).filter((id) => !before.includes(id))
    expect(idsOfA).toHaveLength(2)
    const b = await instance()
    const onA = clients.open(a.wsBase + wsPath('workflows'))
    const [snapshot] = await waitFrames(onA, 'workflows_update')
    const start = Number(snapshot?.seq)

    for (const id of idsOfA) await admin.sendCommand(['CLIENT', 'KILL', 'ID', id])
    // Published while A is cut off: A's subscriber never hears these three.
    b.control.burst('workflows', 3)
    b.control.burst('workflows', 1)
    await admin.close()
    const frames = await waitFrames(onA, "workflows_update", 5, 5000)
    expect(frames.map((frame) => frame.seq)).toEqual([start, start + 1, start + 2, start + 3, start + 4])
    expect(onA.closeEvent).toBeNull()
  })

  it('a client resuming with ?since=<seq> gets "resumed" and the frames it missed; too old or unknown: the snapshot', async () => {
    const a = await instance()
    const b = await instance()
    const first = clients.open(a.wsBase + wsPath('routes'))
    const [snapshot] = await waitFrames(first, 'routes_update')
    const start = Number(snapshot?.seq)
    a.control.burst('routes', 3)
    await waitFrames(first, 'routes_update', 4)
    // Missed while away: published through A, resumed on B.
    a.control.burst('routes', 2)
    await vi.waitFor(async () => expect((await (await fetch(b.url + pollPath('routes'))).json()).seq).toBe(start + 5))
    const resumed = clients.open(`${b.wsBase}${wsPath('routes')}?since=${start + 3}`)
    await waitFrames(resumed, 'routes_update', 2)
    expect(resumed.frames.map((frame) => [frame.type, frame.seq])).toEqual([['resumed', start + 3], ['routes_update', start + 4], ['routes_update', start + 5]])
    await waitFrames(first, 'routes_update', 6)
    expect(resumed.texts.slice(1)).toEqual(first.texts.slice(4, 6))

    // An instance started since holds none of the missed frames: the snapshot, as without since.
    const late = await instance()
    const fromLate = clients.open(`${late.wsBase}${wsPath('routes')}?since=${start + 3}`)
    const [lateFrame] = await waitFrames(fromLate, 'routes_update')
    expect(fromLate.frames[0]).toBe(lateFrame)
    expect(lateFrame?.seq).toBe(start + 5)

    for (const since of ['999999', 'abc']) {
      const fresh = clients.open(`${b.wsBase}${wsPath('routes')}?since=${since}`)
      const [frame] = await waitFrames(fresh, 'routes_update')
      expect(fresh.frames[0]).toBe(frame)
      expect(frame?.seq).toBe(start + 5)
    }
  })
})

