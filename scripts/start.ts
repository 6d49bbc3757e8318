// `npm start`: the reference server and the demo dashboard together.
//
//   PORT          demo (Vite) port, default 5173
//   HOST          where both listen, default 127.0.0.1
//   SERVER_PORT   reference server port, default 8002
//   VITE_WS_BASE  use this backend instead (e.g. ws://10.0.0.5:8002): no server is started
//   --instances N N reference servers on SERVER_PORT, SERVER_PORT+1, … sharing one topic space over
//                 Redis (REDIS_URL, else Debian's redis-server started on a free loopback port); the
//                 demo gets every instance and fails over between them
//   --backend python   run server-python/ (FastAPI + uvicorn, Debian's /usr/bin/python3) instead of server/
//
// Ctrl-C / SIGTERM stops Vite and the server (SIGTERM, SIGKILL after 5 s), then exits. So does the
// death of the parent: `npm start` does not pass SIGTERM on, and nothing may be left orphaned.
import { type ChildProcess, spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { createServer, type ViteDevServer } from 'vite'
import { type RedisProcess, startRedis } from '../server/redis/redisProcess'
import { stopChild } from '../server/stopChild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const READY_LINE = /reference server listening on (ws:\/\/\S+)/
const SERVER_READY_TIMEOUT_MS = 30_000
const SERVER_STOP_TIMEOUT_MS = 5_000

const host = process.env.HOST || '127.0.0.1'
const demoPort = Number(process.env.PORT || 5173)
const serverPort = Number(process.env.SERVER_PORT || 8002)
const { values: flags } = parseArgs({ args: process.argv.slice(2), options: { instances: { type: 'string' }, backend: { type: 'string' } } })
const instances = Number(flags.instances ?? 1)
if (!Number.isInteger(instances) || instances < 1) {
  console.error(`--instances must be a whole number ≥ 1, got "${flags.instances}"`)
  process.exit(2)
}
const backend = flags.backend ?? 'node'
if (backend !== 'node' && backend !== 'python') {
  console.error(`[start] --backend must be "node" or "python", got "${backend}"`)
  process.exit(2)
}
if (backend === 'python' && instances > 1) {
  console.error('[start] --instances (Redis scale-out) runs the Node reference server only; drop --backend python')
  process.exit(2)
}

/** The backend's command line; both print "… reference server listening on ws://…" when ready. */
const backendCommand = (port: number): { command: string; args: string[]; env: Record<string, string> } =>
  backend === 'python'
    ? { command: '/usr/bin/python3', args: ['-m', 'zustand_realtime_server', '--port', String(port), '--host', host], env: { PYTHONPATH: 'server-python' } }
    : { command: process.execPath, args: ['--import', 'tsx', 'server/main.ts', '--port', String(port), '--host', host, '--control'], env: {} }

const servers: ChildProcess[] = []
let redis: RedisProcess | null = null
let vite: ViteDevServer | null = null
let stopping = false

const log = (line: string): void => console.log(`[start] ${line}`)

/** Debian's redis-server on 127.0.0.1 and a free port, no persistence; resolves with its URL. */
const startOwnRedis = async (): Promise<string> => {
  try {
    redis = await startRedis({ onUnexpectedExit: (why) => void stop(1, why) })
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (or set REDIS_URL)`)
  }
  return redis.url
}

/** Spawns the backend (`server/main.ts --control`, or server-python/) and resolves with its ws base once it is ready. */
const startReferenceServer = (port: number, extraEnv: Record<string, string> = {}): Promise<string> =>
  new Promise((resolve, reject) => {
    const { command, args, env } = backendCommand(port)
    Object.assign(env, extraEnv)
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    servers.push(child)
    let output: string | null = ''
    const timer = setTimeout(() => reject(new Error(`reference server not ready after ${SERVER_READY_TIMEOUT_MS} ms`)), SERVER_READY_TIMEOUT_MS)
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk)
      if (output === null) return
      output += chunk.toString()
      const ready = READY_LINE.exec(output)
      if (ready?.[1]) {
        output = null
        clearTimeout(timer)
        resolve(ready[1])
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      servers.splice(servers.indexOf(child), 1)
      if (stopping) return
      const why = `reference server exited (${signal ?? `code ${code}`})`
      if (output !== null) reject(new Error(why))
      else void stop(1, why)
    })
  })

async function stop(code: number, why?: string): Promise<void> {
  if (stopping) return
  stopping = true
  if (why) log(why)
  log('stopping…')
  await Promise.allSettled([vite?.close(), ...[...servers].map((child) => stopChild(child, SERVER_STOP_TIMEOUT_MS))])
  await redis?.stop()
  process.exit(code)
}

process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))
process.on('SIGHUP', () => void stop(0))
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) void stop(0, 'parent process is gone')
}, 1000).unref()

try {
  let wsBase = process.env.VITE_WS_BASE
  if (wsBase) {
    log(`VITE_WS_BASE=${wsBase}: using that backend, not starting the reference server`)
  } else if (instances > 1) {
    const redisUrl = process.env.REDIS_URL || (await startOwnRedis())
    log(`${instances} reference servers on ${host}:${serverPort}…${serverPort + instances - 1}, one topic space on ${redisUrl}`)
    const bases: string[] = []
    for (let index = 0; index < instances; index += 1) bases.push(await startReferenceServer(serverPort + index, { REDIS_URL: redisUrl }))
    wsBase = bases.join(',')
    process.env.VITE_WS_BASE = wsBase
  } else {
    log(`starting the ${backend === 'python' ? 'Python (server-python/)' : 'reference'} server on ${host}:${serverPort}…`)
    wsBase = await startReferenceServer(serverPort)
    process.env.VITE_WS_BASE = wsBase // Vite exposes VITE_* from the environment to the page
  }
  vite = await createServer({ root: ROOT, server: { host, port: demoPort, strictPort: true }, clearScreen: false })
  await vite.listen()
  const url = vite.resolvedUrls?.local[0] ?? `http://${host}:${demoPort}/`
  console.log('')
  log(`dashboard:  ${url}`)
  log(`reporting:  ${url}?report=1&reportMs=5000  (the dashboard sends its metrics to the backend's collector)`)
  log(`monitor:    ${url}monitor  (the fleet: GET /monitoring, /alerts; Prometheus text at /metrics/prometheus)`)
  for (const base of wsBase.split(',')) log(`backend:    ${base}  (metrics: ${base.replace(/^ws/, 'http')}/metrics)`)
  log(`fast heartbeat for experiments: ${url}?heartbeatInterval=2000&heartbeatTimeout=2000`)
  log('Ctrl-C stops everything it started.')
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  await stop(1)
}
