/**
 * scale-out — the reference server past one process (server/redis/): delivered messages/s and
 * publish-to-client latency for 1 vs 3 instances on one Redis (and one process without Redis), at
 * 1,000 and 3,000 sockets; then an instance killed under 300 clients: where they land, the peak
 * accepts per 100 ms on the survivors, and the time until all are back.
 * Usage: tsx bench/scaleOut.ts [--sockets 1000,3000] [--clients 300] [--rate 10] [--seconds 5]
 */
import { WebSocket } from 'ws'
import { startRedis, type RedisProcess } from '../server/redis/redisProcess'
import { startServerChild, type ServerChild } from '../soak/serverProcess'
import { pollPath, wsPath } from '../src/store/dashboard/feeds'
import { createConnectionPool, failoverUrls, type ConnectionPool } from '../src/transport'
import { argNumber, argValue } from './lib/args'
import { sleep, until } from './lib/child'
import { fmtMs, fmtNum, peakInWindow, quantile } from './lib/stats'
import { markdownTable, resultHeader, writeResults } from './lib/table'

const SOCKET_COUNTS = (argValue('sockets') ?? '1000,3000').split(',').map(Number).filter((n) => n > 0)
const KILL_CLIENTS = argNumber('clients', 300)
const RATE = argNumber('rate', 10)
const SECONDS = argNumber('seconds', 5)
const FEED = 'system-status'
const CAPACITY = ['--max-connections', '100000', '--max-per-endpoint', '100000']
const PUBLISHED_AT = /"publishedAt":(\d+)/

interface Setup { label: string; instances: number; redis: boolean }
const SETUPS: readonly Setup[] = [
  { label: '1 process, no Redis', instances: 1, redis: false },
  { label: '1 instance + Redis', instances: 1, redis: true },
  { label: '3 instances + Redis', instances: 3, redis: true },
]

const startInstances = async (count: number, redis: RedisProcess | null): Promise<ServerChild[]> => {
  const started: ServerChild[] = []
  for (let index = 0; index < count; index += 1) {
    started.push(await startServerChild({ port: 0, args: ['--update-ms', '0', ...CAPACITY, ...(redis ? ['--redis-url', redis.url] : [])] }))
  }
  return started
}

const stopAll = (servers: readonly ServerChild[]) => Promise.all(servers.map((server) => server.stop('SIGTERM')))

interface FanOutRun { setup: Setup; sockets: number; delivered: number; expected: number; perSecond: number; p50: number | null; p99: number | null }

/** `sockets` raw clients spread round-robin; updates published through instance 0 at RATE/s for SECONDS. */
async function fanOut(setup: Setup, sockets: number, redis: RedisProcess): Promise<FanOutRun> {
  const servers = await startInstances(setup.instances, setup.redis ? redis : null)
  const latencies: number[] = []
  let delivered = 0
  let measuring = false
  const sentAt: number[] = []
  const clients: WebSocket[] = []
  try {
    for (let index = 0; index < sockets; index += 1) {
      const server = servers[index % servers.length] as ServerChild
      const socket = new WebSocket(server.wsBase + wsPath(FEED))
      socket.on('message', (data) => {
        if (!measuring) return
        const received = Date.now()
        delivered += 1
        const published = PUBLISHED_AT.exec(String(data).slice(0, 200))
        // Without Redis frames carry no publishedAt: measure from when the burst was asked for.
        const from = published ? Number(published[1]) : sentAt.at(-1)
        if (from !== undefined) latencies.push(received - from)
      })
      socket.on('error', () => {})
      clients.push(socket)
      if (index % 200 === 199) await until(() => clients.every((c) => c.readyState === WebSocket.OPEN), 30_000)
    }
    if (!(await until(() => clients.every((c) => c.readyState === WebSocket.OPEN), 60_000))) throw new Error(`${setup.label}: not every socket opened`)
    await sleep(500)
    measuring = true
    const started = Date.now()
    const total = RATE * SECONDS
    for (let step = 0; step < total; step += 1) {
      sentAt.push(Date.now())
      await (servers[0] as ServerChild).control({ action: 'burst', endpoint: FEED, count: 1 })
      const next = started + ((step + 1) * 1000) / RATE
      await sleep(Math.max(0, next - Date.now()))
    }
    const expected = total * sockets
    await until(() => delivered >= expected, 15_000)
    const seconds = (Date.now() - started) / 1000
    measuring = false
    return { setup, sockets, delivered, expected, perSecond: delivered / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) }
  } finally {
    for (const socket of clients) socket.terminate()
    await stopAll(servers)
  }
}

interface KillRun { before: number[]; after: number[]; peakPer100ms: number; backMs: number | null; moved: number }

/** 300 pools (one endpoint each, failoverUrls over 3 instances); SIGKILL one instance. */
async function killUnderLoad(redis: RedisProcess): Promise<KillRun> {
  const servers = await startInstances(3, redis)
  const pools: ConnectionPool[] = []
  try {
    for (let index = 0; index < KILL_CLIENTS; index += 1) {
      const pool = createConnectionPool({
        WebSocket,
        lifecycle: null,
        endpoints: [{
          name: FEED,
          url: failoverUrls(servers.map((server) => server.wsBase + wsPath(FEED))),
          poll: { url: failoverUrls(servers.map((server) => server.httpBase + pollPath(FEED))) },
        }],
      })
      pools.push(pool)
      void pool.connect()
    }
    const allConnected = () => pools.every((pool) => pool.health(FEED).status === 'connected')
    if (!(await until(allConnected, 60_000, 50))) throw new Error('kill: not every client connected')
    await sleep(1500) // past minUptime: every socket is stable, so a drop retries within firstRetryMax
    const count = async (server: ServerChild) => (await server.metrics()).connections.total
    const before = await Promise.all(servers.map(count))
    const [victim, ...survivors] = servers as [ServerChild, ...ServerChild[]]
    const killedAt = Date.now()
    await victim.stop('SIGKILL')
    const back = await until(() => !allConnected(), 5000, 5).then(() => until(allConnected, 60_000, 10))
    const backMs = back ? Date.now() - killedAt : null
    const after = [0, ...(await Promise.all(survivors.map(count)))]
    const accepts = (await Promise.all(survivors.map(async (server) => (await server.metrics()).acceptLog.map((entry) => entry.at)))).flat().filter((at) => at >= killedAt)
    return { before, after, peakPer100ms: peakInWindow(accepts, 100).count, backMs, moved: accepts.length }
  } finally {
    for (const pool of pools) pool.disconnect()
    await stopAll(servers.filter((server) => server.isRunning()))
  }
}

async function main(): Promise<void> {
  const redis = await startRedis()
  const runs: FanOutRun[] = []
  let kill: KillRun
  try {
    for (const sockets of SOCKET_COUNTS) for (const setup of SETUPS) runs.push(await fanOut(setup, sockets, redis))
    kill = await killUnderLoad(redis)
  } finally {
    await redis.stop()
  }
  const fanOutTable = markdownTable(
    ['setup', 'sockets', 'delivered / expected', 'delivered msg/s', 'publish→client p50', 'p99'],
    runs.map((run) => [run.setup.label, run.sockets, `${run.delivered} / ${run.expected}`, fmtNum(run.perSecond), fmtMs(run.p50), fmtMs(run.p99)]),
  )
  const killTable = markdownTable(
    ['', 'instance A (killed)', 'instance B', 'instance C'],
    [['sockets before', ...kill.before], ['sockets after', ...kill.after]],
  )
  const markdown = [
    resultHeader('Scale-out: one topic space over Redis', [
      `Every instance subscribes to the topics' Redis channels and relays them to its own sockets. ${RATE} updates/s of \`${FEED}\` for ${SECONDS} s, published through instance 0 (\`control.burst\`); sockets spread round-robin over the instances; one Node process drives every client, on the same 2 cores as the servers and Redis.`,
      'Latency is publish → client: from the `publishedAt` the publishing instance put in the frame (with Redis); without Redis, from when the driver asked for the update (one HTTP round trip more).',
    ]),
    '## Fan-out', '', fanOutTable, '',
    `## An instance killed under ${KILL_CLIENTS} clients`, '',
    `Each client is a pool with one endpoint over \`failoverUrls\` of the 3 instances (default reconnect: first retry within 100 ms of a stable socket's drop, then backoff + jitter). Instance A is SIGKILLed.`, '',
    killTable, '',
    `- ${kill.moved} sockets re-accepted on the survivors; peak accepts per 100 ms: **${kill.peakPer100ms}**`,
    `- time from the kill until every client is connected again: **${fmtMs(kill.backMs)}**`,
  ].join('\n')
  for (const file of writeResults('scale-out', markdown)) console.log(`wrote ${file}`)
  console.log(markdown)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
