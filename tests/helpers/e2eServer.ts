import type { ControlCommand, ControlResult } from '../../server/controlCommands'
export type { ControlCommand }
import type { ServerMetrics } from '../../server/metrics'
import { spawnPythonServer, spawnServer, type ServerProcess } from './serverProcess'


/**
 * The reference server as a child process with `--control`, on one port for its whole life:
 * `kill()` SIGKILLs it (sockets drop with no close frame) and `restart()` brings it back on the
 * same port, so a page keeps the same URLs.
 */
export interface E2EServer {
  readonly port: number
  /** `ws://127.0.0.1:<port>`: what the page connects to. */
  readonly wsBase: string
  /** `http://127.0.0.1:<port>`: metrics, control and polling. */
  readonly httpBase: string
  isRunning(): boolean
  metrics(): Promise<ServerMetrics>
  control(command: ControlCommand): Promise<ControlResult>
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>
  /** Starts it again on the same port; resolves when its ready line was printed (`Date.now()` then). */
  restart(): Promise<number>
  /** SIGTERM (SIGKILL after 5 s); idempotent. */
  stop(): Promise<void>
}

const STOP_GRACE_MS = 5000

const stopProcess = async (process: ServerProcess | null, signal: NodeJS.Signals): Promise<void> => {
  if (process === null) return
  const forced = setTimeout(() => void process.stop('SIGKILL'), STOP_GRACE_MS)
  await process.stop(signal)
  clearTimeout(forced)
}

/** `node`: server/ (with `--control`); `python`: server-python/ (no control API: `control()` then fails with a 404). */
export type E2EBackend = 'node' | 'python'

export const startE2EServer = async (extraArgs: readonly string[] = [], backend: E2EBackend = 'node'): Promise<E2EServer> => {
  const args = [...(backend === 'node' ? ['--control'] : []), '--host', '127.0.0.1', ...extraArgs]
  const spawnBackend = backend === 'node' ? spawnServer : spawnPythonServer
  let current: ServerProcess | null = await spawnBackend(args)
  const port = current.port
  const httpBase = `http://127.0.0.1:${port}`
  // If the test process dies without teardown, do not leave a server behind.
  const killOnExit = (): void => { current?.child.kill('SIGKILL') }
  process.once('exit', killOnExit)

  const request = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${httpBase}${path}`, init)
    const text = await response.text()
    if (!response.ok && response.status !== 400) throw new Error(`${init?.method ?? 'GET'} ${path}: HTTP ${response.status} ${text}`)
    return JSON.parse(text) as T
  }

  return {
    port,
    wsBase: `ws://127.0.0.1:${port}`,
    httpBase,
    isRunning: () => current !== null,
    metrics: () => request<ServerMetrics>('/metrics'),
    async control(command) {
      const result = await request<ControlResult>('/__control', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(command),
      })
      if (!result.ok) throw new Error(`control ${JSON.stringify(command)} failed: ${result.error}`)
      return result
    },
    async kill() {
      const dying = current
      current = null
      await stopProcess(dying, 'SIGKILL')
    },
    async restart() {
      if (current !== null) throw new Error('restart(): the server is still running; kill() it first')
      current = await spawnBackend([...args, '--port', String(port)])
      if (current.port !== port) throw new Error(`restart(): came back on ${current.port}, not ${port}`)
      return Date.now()
    },
    async stop() {
      const stopping = current
      current = null
      process.removeListener('exit', killOnExit)
      await stopProcess(stopping, 'SIGTERM')
    },
  }
}
