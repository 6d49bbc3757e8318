import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const READY_LINE = /reference server listening on (ws:\/\/(\S+):(\d+))/

/** The reference server CLI (`server/main.ts`) running as a child process. */
export interface ServerProcess {
  readonly child: ChildProcess
  readonly port: number
  readonly wsBase: string
  readonly url: string
  output(): string
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Spawns `node --import tsx server/main.ts --port 0 …args` and waits for its ready line. */
export const spawnServer = (args: readonly string[] = [], env: NodeJS.ProcessEnv = {}, timeoutMs = 15_000): Promise<ServerProcess> =>
  spawnReadyServer(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', ...args], env, timeoutMs)

/** Spawns `server-python/` (`python3 -m zustand_realtime_server --port 0 …args`) and waits for its ready line. */
export const spawnPythonServer = (args: readonly string[] = [], env: NodeJS.ProcessEnv = {}, timeoutMs = 15_000): Promise<ServerProcess> =>
  spawnReadyServer(PYTHON, ['-m', 'zustand_realtime_server', '--port', '0', ...args], { PYTHONPATH: 'server-python', ...env }, timeoutMs)

/** Debian's interpreter, which has FastAPI and uvicorn (a pyenv `python3` on PATH may not: FIELD-NOTES). */
export const PYTHON = '/usr/bin/python3'

/** Any server CLI that prints `… reference server listening on ws://host:port`; a later `--port` wins over `--port 0`. */
const spawnReadyServer = (command: string, commandArgs: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ServerProcess> => {
  const child = spawn(command, commandArgs, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    return exited
  }
  return new Promise((resolve, reject) => {
    let settled = false
    const fail = (reason: string): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void stop('SIGKILL')
      reject(new Error(`${reason}\n${output}`))
    }
    const timer = setTimeout(() => fail(`server not ready after ${timeoutMs} ms`), timeoutMs)
    const collect = (chunk: Buffer): void => {
      output += chunk.toString()
      const ready = READY_LINE.exec(output)
      if (settled || !ready?.[1] || !ready[2] || !ready[3]) return
      settled = true
      clearTimeout(timer)
      const [, wsBase, host, port] = ready
      resolve({ child, port: Number(port), wsBase, url: `http://${host}:${port}`, output: () => output, stop })
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    void exited.then((code) => fail(`server exited with ${code} before it was ready`))
  })
}
