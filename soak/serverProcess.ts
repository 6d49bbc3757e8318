import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ControlCommand } from '../server/controlCommands'
import type { ServerMetrics } from '../server/metrics'
import type { FeedName } from '../src/store/dashboard/feeds'
import type { ServerProbe } from './serverEntry'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const READY_LINE = /reference server listening on ws:\/\/(\S+):(\d+)/


export interface FeedSnapshot {
  type: string
  data: unknown
  seq: number
}

/** One run of the reference server CLI in a child process (soak/serverEntry.ts). */
export interface ServerChild {
  readonly pid: number
  readonly port: number
  readonly wsBase: string
  readonly httpBase: string
  /** Resolves with the exit code (or signal name) when the process is gone. */
  readonly exited: Promise<number | string>
  isRunning(): boolean
  output(): string
  /** Heap after GC, handles and prototype keys of the server process (IPC). */
  probe(timeoutMs?: number): Promise<ServerProbe>
  metrics(): Promise<ServerMetrics>
  control(command: ControlCommand): Promise<void>
  snapshot(feed: FeedName): Promise<FeedSnapshot>
  /** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
  stop(signal: NodeJS.Signals, graceMs?: number): Promise<number | string>
}

export interface ServerChildOptions {
  /** 0 = a free port (read from the ready line). */
  port: number
  /** Further CLI flags, e.g. ['--seed', '7', '--update-ms', '500']. */
  args?: readonly string[]
  readyTimeoutMs?: number
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const spawnOnce = (options: ServerChildOptions): Promise<ServerChild> => {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'soak/serverEntry.ts', '--port', String(options.port), '--host', '127.0.0.1', '--control', ...(options.args ?? [])],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, SERVER_CONTROL: '1' } },
  )
  let output = ''
  let running = true
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false
      resolve(code ?? signal ?? 'unknown')
    })
  })
  const probes: ((probe: ServerProbe) => void)[] = []
  child.on('message', (message: unknown) => {
    if (typeof message === 'object' && message !== null && Reflect.get(message, 'kind') === 'probe') probes.shift()?.(message as ServerProbe)
  })
  const stop = async (signal: NodeJS.Signals, graceMs = 5000): Promise<number | string> => {
    if (running) child.kill(signal)
    const timer = setTimeout(() => { if (running) child.kill('SIGKILL') }, graceMs)
    const code = await exited
    clearTimeout(timer)
    return code
  }
  return new Promise((resolve, reject) => {
    let settled = false
    const timer = setTimeout(() => fail(`server not ready after ${options.readyTimeoutMs ?? 20_000} ms`), options.readyTimeoutMs ?? 20_000)
    const fail = (reason: string): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void stop('SIGKILL').then(() => reject(new Error(`${reason}\n${output}`)))
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const ready = READY_LINE.exec(output)
      if (settled || ready === null) return
      settled = true
      clearTimeout(timer)
      const port = Number(ready[2])
      const httpBase = `http://127.0.0.1:${port}`
      const request = async (path: string, init?: RequestInit): Promise<unknown> => {
        const response = await fetch(`${httpBase}${path}`, { ...init, signal: AbortSignal.timeout(10_000) })
        const text = await response.text()
        if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: HTTP ${response.status} ${text}`)
        return JSON.parse(text)
      }
      resolve({
        pid: child.pid ?? -1,
        port,
        wsBase: `ws://127.0.0.1:${port}`,
        httpBase,
        exited,
        isRunning: () => running,
        output: () => output,
        probe: (timeoutMs = 10_000) =>
          new Promise<ServerProbe>((resolveProbe, rejectProbe) => {
            const probeTimer = setTimeout(() => rejectProbe(new Error('server probe timed out')), timeoutMs)
            probes.push((probe) => { clearTimeout(probeTimer); resolveProbe(probe) })
            child.send('probe')
          }),
        metrics: async () => (await request('/metrics')) as ServerMetrics,
        control: async (command) => {
          await request('/__control', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(command) })
        },
        snapshot: async (feed) => (await request(`/api/v1/${feed}`)) as FeedSnapshot,
        stop,
      })
    })
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    void exited.then((code) => fail(`server exited (${code}) before it was ready`))
  })
}

/** Starts the server; on a fixed port it retries a few times (the old process may still hold it). */
export async function startServerChild(options: ServerChildOptions): Promise<ServerChild> {
  let lastError: unknown = null
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      return await spawnOnce(options)
    } catch (error) {
      lastError = error
      if (!(error instanceof Error) || !error.message.includes('EADDRINUSE')) throw error
      await delay(300)
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError))
}
