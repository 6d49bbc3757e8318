/**
 * python-server — what one server process holds here: the Node reference server (`server/`) beside the
 * FastAPI kit (`server-python/`, uvicorn). Per backend and size: N sockets over the 8 feeds (open time,
 * RSS per socket), a broadcast burst to all of them (frames/s, server CPU per 1,000 frames), and the
 * restart herd of our client against it (SIGKILL, 3 s down, back on the same port).
 * Usage: tsx bench/pythonServer.ts [--sizes 1000,5000] [--burst 20] [--herd-clients 100] [--outage 3000] [--backends node,python]
 *        (`--herd-clients 0` skips the herd)
 */
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { WebSocket } from 'ws'
import { DASHBOARD_FEEDS, FEED_NAMES, messageTypeOf, wsPath } from '../src/store/dashboard/feeds'
import { spawnPythonServer, spawnServer, type ServerProcess } from '../tests/helpers/serverProcess'
import { argNumber, argValue } from './lib/args'
import { sleep, until } from './lib/child'
import { countingWebSocket } from './lib/countingSocket'
import type { AcceptEntry } from './lib/herdServer'
import { herdFigures } from './lib/herdFigures'
import type { AttemptRow } from './herdClients'
import { SOCKET } from './lib/requests'
import { type BenchClient, PEERS, createBenchClient } from './lib/peers'
import { fmtBytes, fmtMs, fmtNum, fmtPct } from './lib/stats'
import { markdownTable, resultHeader, writeResults } from './lib/table'

const sizes = (argValue('sizes') ?? '1000,5000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0)
const burst = argNumber('burst', 20)
const herdClients = argNumber('herd-clients', 100)
const outageMs = argNumber('outage', 3000)
const boundMs = 40_000
const OPEN_BATCH = 250
const SERVER_ARGS = ['--update-ms', '0', '--control', '--max-connections', '100000', '--max-per-endpoint', '100000', '--idle-ping-ms', '600000']

interface Backend {
  label: string
  spawn(args: readonly string[]): Promise<ServerProcess>
}
const ALL_BACKENDS: Record<'node' | 'python', Backend> = {
  node: { label: 'Node (server/, ws)', spawn: (args) => spawnServer(args, {}, 30_000) },
  python: { label: 'Python (server-python/, uvicorn)', spawn: (args) => spawnPythonServer(args, {}, 30_000) },
}
const BACKENDS: readonly Backend[] = (argValue('backends') ?? 'node,python').split(',').flatMap((name) => (name === 'node' || name === 'python' ? [ALL_BACKENDS[name]] : []))

/** Resident memory of a process, from /proc. */
const rssOf = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'))
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024
}
/** User + system CPU time of a process in ms (clock ticks are 10 ms on Linux). */
const cpuMsOf = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

interface Sink { socket: WebSocket; ownType: string; own: number }

/** Opens `count` raw sockets round-robin over the 8 feeds, `OPEN_BATCH` handshakes at a time. */
const openSinks = async (base: string, count: number): Promise<Sink[]> => {
  const sinks: Sink[] = []
  for (let start = 0; start < count; start += OPEN_BATCH) {
    const batch = Array.from({ length: Math.min(OPEN_BATCH, count - start) }, (_, offset) => {
      const feed = FEED_NAMES[(start + offset) % FEED_NAMES.length] ?? 'queue'
      const sink: Sink = { socket: new WebSocket(`${base}${wsPath(feed)}`, { perMessageDeflate: false }), ownType: messageTypeOf(feed), own: 0 }
      sink.socket.on('message', (data) => {
        if (String(data).includes(`"type":"${sink.ownType}"`)) sink.own += 1
      })
      sink.socket.on('error', () => {})
      return new Promise<Sink>((resolve, reject) => {
        sink.socket.once('open', () => resolve(sink))
        sink.socket.once('close', (code) => reject(new Error(`socket ${start + offset} closed ${code} while opening`)))
      })
    })
    sinks.push(...(await Promise.all(batch)))
  }
  return sinks
}

const closeSinks = async (sinks: readonly Sink[]): Promise<void> => {
  for (const { socket } of sinks) socket.terminate()
  await sleep(200)
}

interface CapacityRow { backend: string; sockets: number; openMs: number; rssIdle: number; rssOpen: number; frames: number; burstMs: number | null; cpuMs: number }

const measureCapacity = async (backend: Backend, count: number): Promise<CapacityRow> => {
  const server = await backend.spawn(SERVER_ARGS)
  const pid = server.child.pid ?? 0
  try {
    await sleep(500)
    const rssIdle = rssOf(pid)
    const openedAt = Date.now()
    const sinks = await openSinks(server.wsBase, count)
    const openMs = Date.now() - openedAt
    await until(() => sinks.every((sink) => sink.own >= 1), 30_000) // every snapshot in
    await sleep(500)
    const rssOpen = rssOf(pid)
    const ownBefore = sinks.reduce((total, sink) => total + sink.own, 0)
    const cpuBefore = cpuMsOf(pid)
    const burstAt = Date.now()
    await Promise.all(FEED_NAMES.map((endpoint) => fetch(`${server.url}/__control`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'burst', endpoint, count: burst }),
    })))
    const done = await until(() => sinks.every((sink) => sink.own >= 1 + burst), 120_000, 5)
    const burstMs = done ? Date.now() - burstAt : null
    const cpuMs = cpuMsOf(pid) - cpuBefore
    const frames = sinks.reduce((total, sink) => total + sink.own, 0) - ownBefore
    await closeSinks(sinks)
    const row = { backend: backend.label, sockets: count, openMs, rssIdle, rssOpen, frames, burstMs, cpuMs }
    console.log(`  ${backend.label} ${count} sockets: open ${fmtMs(openMs)}, ${fmtBytes((rssOpen - rssIdle) / count)}/socket, burst ${fmtNum(frames)} frames in ${fmtMs(burstMs)}`)
    return row
  } finally {
    await server.stop('SIGKILL')
  }
}

interface HerdRow { backend: string; downMs: number; figures: ReturnType<typeof herdFigures> }

/** `herdClients` pools of ours × 8 feeds; the server is SIGKILLed, down `outageMs`, then back on its port. */
const measureHerd = async (backend: Backend): Promise<HerdRow> => {
  let server = await backend.spawn(SERVER_ARGS)
  const port = server.port
  const attempts: AttemptRow[] = []
  const accepts: AcceptEntry[] = []
  const SocketClass = countingWebSocket((url, at) => {
    const params = new URL(url).searchParams
    attempts.push([at, Number(params.get('c')), Number(params.get('e')), SOCKET])
  })
  const live = new Set<string>()
  const clients: BenchClient[] = []
  const ours = PEERS.find((peer) => peer.kind === 'ours') ?? { label: 'ours', kind: 'ours' }
  const createdAt = Date.now()
  try {
    for (let client = 0; client < herdClients; client++) {
      const endpoints = DASHBOARD_FEEDS.map((feed, endpoint) => ({ name: feed.name, priority: feed.priority, url: `${server.wsBase}${wsPath(feed.name)}?c=${client}&e=${endpoint}` }))
      clients.push(createBenchClient(ours, endpoints, SocketClass, {
        opened: (endpoint) => {
          live.add(`${client}/${endpoint}`)
          accepts.push({ at: Date.now(), peer: 0, client, endpoint })
        },
        lost: (endpoint) => void live.delete(`${client}/${endpoint}`),
      }))
    }
    const sockets = herdClients * DASHBOARD_FEEDS.length
    await until(() => live.size === sockets, 60_000, 25)
    await sleep(2000) // past the client's minUptime, so backoff starts from the first retry
    await server.stop('SIGKILL')
    const downAt = Date.now()
    await sleep(outageMs)
    server = await backend.spawn([...SERVER_ARGS, '--port', String(port)])
    const backAt = Date.now()
    await until(() => live.size === sockets, boundMs, 25)
    const endAt = Date.now()
    const figures = herdFigures(
      { downAt, backAt, endAt, peers: [] },
      { spec: ours, clients: herdClients, endpoints: DASHBOARD_FEEDS.length, createdAt, attempts, accepts, polls: [] },
    )
    console.log(`  ${backend.label} herd: peak accepts/100 ms ${fmtPct(figures.peakAccepts)}, 95 % back ${fmtMs(figures.back95)}, 100 % ${fmtMs(figures.back100)}`)
    return { backend: backend.label, downMs: backAt - downAt, figures }
  } finally {
    for (const client of clients) client.close()
    await server.stop('SIGKILL')
  }
}

const capacityTable = (rows: readonly CapacityRow[]): string =>
  markdownTable(
    ['backend', 'sockets', 'open all (batches of 250)', 'handshakes/s', 'RSS idle', 'RSS with sockets', 'memory per socket', `burst: frames (${burst} updates × 8 feeds)`, 'delivered in', 'frames/s', 'server CPU per 1,000 frames'],
    rows.map((row) => [
      row.backend,
      fmtNum(row.sockets),
      fmtMs(row.openMs),
      fmtNum(row.sockets / (row.openMs / 1000)),
      fmtBytes(row.rssIdle),
      fmtBytes(row.rssOpen),
      fmtBytes((row.rssOpen - row.rssIdle) / row.sockets),
      fmtNum(row.frames),
      row.burstMs === null ? 'not within 120 s' : fmtMs(row.burstMs),
      row.burstMs === null ? '—' : fmtNum(row.frames / (row.burstMs / 1000)),
      `${fmtNum((row.cpuMs / Math.max(1, row.frames)) * 1000, 1)} ms`,
    ]),
  )

const herdTable = (rows: readonly HerdRow[]): string =>
  markdownTable(
    ['backend', 'sockets', 'down (kill → ready again)', 'attempts during outage', 'peak accepts /100 ms', '50 % back', '95 % back', '100 % back', 'never back'],
    rows.map(({ backend, downMs, figures: f }) => [backend, fmtNum(f.sockets), fmtMs(downMs), fmtNum(f.outageAttempts), fmtPct(f.peakAccepts), fmtMs(f.back50), fmtMs(f.back95), f.back100 === null ? `> ${fmtMs(boundMs)}` : fmtMs(f.back100), String(f.neverBack)]),
  )

async function main(): Promise<void> {
  const started = Date.now()
  const loadAtStart = loadavg()[0] ?? 0
  const capacity: CapacityRow[] = []
  for (const size of sizes) for (const backend of BACKENDS) capacity.push(await measureCapacity(backend, size))
  const herd: HerdRow[] = []
  if (herdClients > 0) for (const backend of BACKENDS) herd.push(await measureHerd(backend))

  const python = capacity.filter((row) => row.backend.startsWith('Python'))
  const largest = python.at(-1)
  const method = [
    'One server process per row, started fresh (`--update-ms 0 --control`, caps raised, idle ping 10 min), on 127.0.0.1; the clients are raw `ws` sockets in the bench process (no compression), spread round-robin over the 8 feeds and opened 250 handshakes at a time. Both servers share the 2 cores with the clients: read ratios, not absolutes.',
    `Machine load when this run started: load average ${loadAtStart.toFixed(1)} (1 min) on ${availableParallelism()} cores — other work ran beside it.`,
    `**Memory per socket**: the server's RSS (\`/proc/<pid>/status\`) with every socket open and its snapshot received, minus its RSS before the first socket, divided by the sockets. **Burst**: \`POST /__control {"action":"burst","endpoint":<feed>,"count":${burst}}\` for each of the 8 feeds at once (the Node server's control command; the Python demo app serves the same one with \`--control\`); each update is a full snapshot of its feed (≈ 0.2–2 kB of JSON) sent to that feed's sockets only. "Delivered in" runs until every socket counted ${burst} new frames of its own type; **frames/s** = frames received ÷ that time; **server CPU** = user + system time of the server process (\`/proc/<pid>/stat\`) during the burst.`,
    `**Herd**: ${herdClients} clients of ours (default options, one pool × 8 feeds each) in the bench process; after every socket is up 2 s the server is SIGKILLed (no close frame: clients see 1006), stays down ${outageMs / 1000} s, and is started again on the same port; "down" includes the server's start-up until its ready line (Node under tsx takes longer to start than Python), so clients of the slower starter are in later backoff steps when it returns. "Back" = the first open of each socket after the ready line; attempts are counted in the clients (a counting \`ws\` subclass). Same figures as \`herd.md\`.`,
  ]
  const summary = largest === undefined ? '' : `Summary: one Python (uvicorn) process held ${fmtNum(largest.sockets)} sockets at ${fmtBytes((largest.rssOpen - largest.rssIdle) / largest.sockets)} per socket and fanned out ${largest.burstMs === null ? 'not in time' : `${fmtNum(largest.frames / (largest.burstMs / 1000))} frames/s`}; the Node server beside it: ${capacity.filter((row) => row.sockets === largest.sockets && row.backend.startsWith('Node')).map((row) => `${fmtBytes((row.rssOpen - row.rssIdle) / row.sockets)} per socket, ${row.burstMs === null ? 'not in time' : `${fmtNum(row.frames / (row.burstMs / 1000))} frames/s`}`).join('')}.`
  const markdown = resultHeader('python-server — one server process: sockets, fan-out, memory, restart herd (Node vs Python)', [
    ...method, '', '## Sockets and broadcast fan-out', '', capacityTable(capacity), '', summary, '', `## Restart herd (${herdClients} clients × 8 feeds, ${outageMs / 1000} s down)`, '', herdTable(herd),
  ])
  const files = writeResults('python-server', markdown)
  console.log(`python-server: wrote ${files.join(', ')} in ${fmtMs(Date.now() - started)}`)
}

await main()
