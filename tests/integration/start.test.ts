import { type ChildProcess, spawn } from 'node:child_process'
import { createConnection, createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../../server/freePort'
import { pollPath } from '../../src/store/dashboard/feeds'
import { runToExit } from '../helpers/runToExit'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DASHBOARD_LINE = /\[start\] dashboard:\s+(http:\/\/\S+)/
const BACKEND_LINE = /\[start\] backend:\s+(ws:\/\/\S+)/g

interface Started {
  child: ChildProcess
  output(): string
  dashboard: string
  backends: string[]
  exited: Promise<number | null>
}

/** The last line of start's banner: the dashboard and backend lines are all out once it is (they are separate writes). */
const BANNER_END = '[start] Ctrl-C stops everything it started.'

/** `npm start …args` as package.json runs it, on free ports; resolves once it printed its whole banner. */
const start = async (args: string[] = [], timeoutMs = 60_000): Promise<Started> => {
  // --instances N listens on SERVER_PORT … SERVER_PORT+N-1: every one of them must be free, not only the first.
  const instances = args.includes('--instances') ? Number(args[args.indexOf('--instances') + 1]) : 1
  const [demoPort, serverPort] = [await freePort(), await freePortRun(instances)]
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(demoPort), SERVER_PORT: String(serverPort), VITE_WS_BASE: '', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.push(child)
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  // Fails at once, with everything it printed, when npm start exits first (a port taken, a server that died).
  const dashboard = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no whole banner after ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const received = (chunk: Buffer) => {
      output += chunk.toString()
      const url = DASHBOARD_LINE.exec(output)?.[1]
      if (url !== undefined && output.includes(BANNER_END)) { clearTimeout(timer); resolve(url) }
    }
    child.stdout?.on('data', received)
    child.stderr?.on('data', received)
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`npm start exited ${code} before its whole banner:\n${output}`)) })
  })
  const backends = [...output.matchAll(BACKEND_LINE)].map((match) => match[1] ?? '')
  return { child, output: () => output, dashboard, backends, exited }
}

/** The first of `count` consecutive loopback ports that are all free right now. */
const freePortRun = async (count: number): Promise<number> => {
  for (;;) {
    const first = await freePort()
    const rest = await Promise.all(Array.from({ length: count - 1 }, (_, index) => listenable(first + index + 1)))
    if (rest.every(Boolean)) return first
  }
}

const listenable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })

const running: ChildProcess[] = []
const refused = async (url: string): Promise<boolean> => fetch(url).then(() => false, () => true)
const httpOf = (wsBase: string): string => wsBase.replace(/^ws/, 'http')

/**
 * Each case starts tsx, Vite and up to two servers plus a redis-server; on a loaded 2-core CI machine
 * that took past the 20 s default (the banner wait alone allows 60 s).
 */
const START_CASE_TIMEOUT_MS = 90_000

describe('npm start: the demo and its backend, and nothing left behind', { timeout: START_CASE_TIMEOUT_MS }, () => {
  afterEach(() => {
    for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })

  it('serves the dashboard and the reference server; SIGTERM stops both and exits 0', async () => {
    const app = await start()
    const page = await fetch(app.dashboard)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="root"></div>')
    // The page's entry compiles in Vite (a broken import would answer 500).
    expect((await fetch(new URL('/src/demo/main.tsx', app.dashboard))).status).toBe(200)
    expect(app.backends).toHaveLength(1)
    const metrics = await (await fetch(`${httpOf(app.backends[0] ?? '')}/metrics`)).json()
    expect(metrics.connections.total).toBe(0)

    app.child.kill('SIGTERM')
    expect(await app.exited).toBe(0)
    expect(await refused(app.dashboard)).toBe(true)
    expect(await refused(`${httpOf(app.backends[0] ?? '')}/metrics`)).toBe(true)
  })

  it('--instances 2: its own redis-server and two instances of one topic space; all stopped on SIGTERM', async () => {
    const app = await start(['--instances', '2'])
    expect(app.backends).toHaveLength(2)
    const redisUrl = /one topic space on (redis:\/\/\S+)/.exec(app.output())?.[1]
    expect(redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/)
    const seqs = await Promise.all(app.backends.map(async (base) => (await (await fetch(httpOf(base) + pollPath('queue'))).json()).seq))
    expect(seqs.every((seq) => typeof seq === 'number')).toBe(true)
    expect(new Set(seqs).size).toBe(1)

    app.child.kill('SIGTERM')
    expect(await app.exited).toBe(0)
    for (const base of app.backends) expect(await refused(`${httpOf(base)}/metrics`)).toBe(true)
    const redisPort = Number(new URL(redisUrl ?? '').port)
    const redisGone = await new Promise<boolean>((resolve) => {
      const socket = createConnection(redisPort, '127.0.0.1')
      socket.once('connect', () => { socket.destroy(); resolve(false) })
      socket.once('error', () => resolve(true))
    })
    expect(redisGone).toBe(true)
  })

  it('--backend python: the FastAPI kit under uvicorn as the backend', async () => {
    const app = await start(['--backend', 'python'])
    expect(app.output()).toContain('Python (server-python/)')
    const health = await fetch(`${httpOf(app.backends[0] ?? '')}/healthz`)
    expect(health.status).toBe(200)
    app.child.kill('SIGTERM')
    expect(await app.exited).toBe(0)
    expect(await refused(`${httpOf(app.backends[0] ?? '')}/healthz`)).toBe(true)
  })

  it('a bad flag exits 2 and says what is wrong', async () => {
    const instances = await runToExit(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--instances', '0'])
    expect(instances.code).toBe(2)
    expect(instances.output).toMatch(/--instances must be a whole number ≥ 1, got "0"/)
    const backend = await runToExit(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--backend', 'ruby'])
    expect(backend.code).toBe(2)
    expect(backend.output).toMatch(/--backend must be "node" or "python", got "ruby"/)
  }) // two `node --import tsx` start-ups: ~2 s each when quiet, 10+ s each on a loaded 2-core machine
})
