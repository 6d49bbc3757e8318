/** Child processes for the benchmarks: TypeScript entry points run by `node --import tsx`, with IPC. */
import { type ChildProcess, fork } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')

export interface ForkOptions {
  exposeGc?: boolean
  /** Pass the child's stdout/stderr through (default true). */
  inheritOutput?: boolean
}

/** Forks `bench/<file>` with tsx and an IPC channel. */
export function forkBench(file: string, args: readonly string[] = [], options: ForkOptions = {}): ChildProcess {
  const execArgv = ['--import', 'tsx', ...(options.exposeGc ? ['--expose-gc'] : [])]
  return fork(join(BENCH_DIR, file), [...args], {
    execArgv,
    stdio: options.inheritOutput === false ? ['ignore', 'ignore', 'inherit', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
  })
}

/** The next IPC message that passes `guard`, or a rejection after `timeoutMs` or if the child exits. */
export function nextMessage<T>(child: ChildProcess, guard: (message: unknown) => message is T, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    const onMessage = (message: unknown): void => {
      if (!guard(message)) return
      cleanup()
      resolve(message)
    }
    const onExit = (code: number | null): void => {
      cleanup()
      reject(new Error(`child exited (${code}) before sending the expected message`))
    }
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`no message from child within ${timeoutMs} ms`))
    }, timeoutMs)
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/** Resolves with the exit code; kills the child (by its pid) if it has not exited after `timeoutMs`. */
export function waitExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

/** Type guard factory for `{ kind: K, ... }` IPC messages. */
export const isKind = <T extends { kind: string }>(kind: T['kind']) =>
  (message: unknown): message is T =>
    typeof message === 'object' && message !== null && Reflect.get(message, 'kind') === kind

/** In a child: send to the parent (no-op without IPC). */
export const toParent = (message: object): void => {
  process.send?.(message)
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `condition` every `everyMs` until true or `timeoutMs`; returns whether it became true. */
export async function until(condition: () => boolean, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (condition()) return true
    await sleep(everyMs)
  }
  return condition()
}
