import type { ChildProcess } from 'node:child_process'

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone (at once if it already is). */
export const stopChild = (child: ChildProcess, graceMs: number): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
