/**
 * The reference server CLI (`server/main.ts`, same flags, same SIGTERM → 1012 shutdown) plus an
 * IPC probe, so a parent can ask the server process for its heap after GC, its handles and
 * whether anything reached Object.prototype. Spawn with `--expose-gc` and an 'ipc' stdio slot.
 */

export interface ServerProbe {
  kind: 'probe'
  heapUsed: number
  rss: number
  /** process.getActiveResourcesInfo() by kind, e.g. { TCPSocketWrap: 3, Timeout: 2 }. */
  handles: Record<string, number>
  /** Own property names of Object.prototype and Array.prototype (must stay the built-in ones). */
  prototypeKeys: string[]
}

const PROTOTYPE_KEYS_AT_START = [...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Array.prototype)]

process.on('message', (message: unknown) => {
  if (message !== 'probe') return
  globalThis.gc?.()
  const handles: Record<string, number> = {}
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1
  const keys = [...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Array.prototype)]
  const probe: ServerProbe = {
    kind: 'probe',
    heapUsed: process.memoryUsage().heapUsed,
    rss: process.memoryUsage().rss,
    handles,
    prototypeKeys: keys.filter((key) => !PROTOTYPE_KEYS_AT_START.includes(key)),
  }
  process.send?.(probe)
})

// If the parent dies without stopping us (SIGKILL, crash), do not outlive it.
process.on('disconnect', () => process.exit(0))

await import('../server/main')
