// `npm start`: the reference server and the demo dashboard together.
//
//   PORT          demo (Vite) port, default 5173
//   HOST          where both listen, default 127.0.0.1
//   SERVER_PORT   reference server port, default 8002
//   VITE_WS_BASE  use this backend instead (e.g. ws://10.0.0.5:8002): no server is started
//   --backend python   run server-python/ (FastAPI + uvicorn, Debian's /usr/bin/python3) instead of server/
//
// Ctrl-C / SIGTERM stops Vite and the server (SIGTERM, SIGKILL after 5 s), then exits. So does the
// death of the parent: `npm start` does not pass SIGTERM on, and nothing may be left orphaned.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const READY_LINE = /reference server listening on (ws:\/\/\S+)/
const SERVER_READY_TIMEOUT_MS = 30_000
const SERVER_STOP_TIMEOUT_MS = 5_000

const host = process.env.HOST || '127.0.0.1'
const demoPort = Number(process.env.PORT || 5173)
const serverPort = Number(process.env.SERVER_PORT || 8002)
const backendFlag = process.argv.indexOf('--backend')
const backend = backendFlag === -1 ? 'node' : process.argv[backendFlag + 1]
if (backend !== 'node' && backend !== 'python') {
  console.error(`[start] --backend must be "node" or "python", got "${backend}"`)
  process.exit(2)
}

/** The backend's command line; both print "… reference server listening on ws://…" when ready. */
const backendCommand = () =>
  backend === 'python'
    ? { command: '/usr/bin/python3', args: ['-m', 'zustand_realtime_server', '--port', String(serverPort), '--host', host], env: { PYTHONPATH: 'server-python' } }
    : { command: process.execPath, args: ['--import', 'tsx', 'server/main.ts', '--port', String(serverPort), '--host', host, '--control'], env: {} }

/** @type {import('node:child_process').ChildProcess | null} */
let server = null
/** @type {import('vite').ViteDevServer | null} */
let vite = null
let stopping = false

const log = (line) => console.log(`[start] ${line}`)

/** Spawns the backend (`server/main.ts --control`, or server-python/) and resolves with its ws base once it is ready. */
const startReferenceServer = () =>
  new Promise((resolve, reject) => {
    const { command, args, env } = backendCommand()
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    server = child
    let output = ''
    const timer = setTimeout(() => reject(new Error(`reference server not ready after ${SERVER_READY_TIMEOUT_MS} ms`)), SERVER_READY_TIMEOUT_MS)
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk)
      if (output === null) return
      output += chunk.toString()
      const ready = READY_LINE.exec(output)
      if (ready) {
        output = null
        clearTimeout(timer)
        resolve(ready[1])
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      server = null
      if (stopping) return
      const why = `reference server exited (${signal ?? `code ${code}`})`
      if (output !== null) reject(new Error(why))
      else void stop(1, why)
    })
  })

const stopServer = () =>
  new Promise((resolve) => {
    const child = server
    if (child === null || child.exitCode !== null || child.signalCode !== null) return resolve()
    const force = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })

async function stop(code, why) {
  if (stopping) return
  stopping = true
  if (why) log(why)
  log('stopping…')
  await Promise.allSettled([vite?.close(), stopServer()])
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
  } else {
    log(`starting the ${backend === 'python' ? 'Python (server-python/)' : 'reference'} server on ${host}:${serverPort}…`)
    wsBase = await startReferenceServer()
    process.env.VITE_WS_BASE = wsBase // Vite exposes VITE_* from the environment to the page
  }
  vite = await createServer({ root: ROOT, server: { host, port: demoPort, strictPort: true }, clearScreen: false })
  await vite.listen()
  const url = vite.resolvedUrls?.local[0] ?? `http://${host}:${demoPort}/`
  console.log('')
  log(`dashboard:  ${url}`)
  log(`backend:    ${wsBase}  (metrics: ${wsBase.replace(/^ws/, 'http')}/metrics)`)
  log(`fast heartbeat for experiments: ${url}?heartbeatInterval=2000&heartbeatTimeout=2000`)
  log('Ctrl-C stops everything it started.')
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  await stop(1)
}
