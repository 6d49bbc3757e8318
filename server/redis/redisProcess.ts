import { type ChildProcess, spawn } from 'node:child_process'
import { freePort } from '../freePort'
import { stopChild } from '../stopChild'

/** A throwaway `redis-server` on 127.0.0.1 (no persistence), for tests, the soak, the bench and `npm start`. */
export interface RedisProcess {
  readonly port: number
  readonly url: string
  readonly pid: number | undefined
  /** SIGTERM (SIGKILL after 3 s); resolves once it is gone. */
  stop(): Promise<void>
  /** Stops it and starts a fresh one on the same port: every client is cut off and the data is gone. */
  restart(): Promise<void>
}

const READY = /Ready to accept connections/
const START_TIMEOUT_MS = 10_000
const STOP_GRACE_MS = 3000

const launch = (port: number, binary: string): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`redis-server not ready on ${port} after ${START_TIMEOUT_MS} ms:\n${output}`))
    }, START_TIMEOUT_MS)
    const collect = (chunk: Buffer): void => {
      output += chunk.toString()
      if (!READY.test(output)) return
      clearTimeout(timer)
      child.stdout?.removeAllListeners('data')
      child.stdout?.resume()
      resolve(child)
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()))
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`cannot start ${binary} (apt-get install -y redis-server): ${error.message}`))
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`))
    })
  })

export interface RedisProcessOptions {
  port?: number
  binary?: string
  /** Called when redis-server exits without being asked to (stop or restart). */
  onUnexpectedExit?: (why: string) => void
}

export const startRedis = async (options: RedisProcessOptions = {}): Promise<RedisProcess> => {
  const port = options.port ?? (await freePort())
  const binary = options.binary ?? 'redis-server'
  let expected = false
  const watch = (started: ChildProcess): ChildProcess => {
    started.once('exit', (code, signal) => {
      if (!expected) options.onUnexpectedExit?.(`redis-server exited (${signal ?? `code ${code}`})`)
    })
    return started
  }
  let child = watch(await launch(port, binary))
  const stopExpected = async (): Promise<void> => {
    expected = true
    await stopChild(child, STOP_GRACE_MS)
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child.pid
    },
    stop: stopExpected,
    async restart() {
      await stopExpected()
      child = watch(await launch(port, binary))
      expected = false
    },
  }
}
