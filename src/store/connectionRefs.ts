import type { ConnectionPool } from '../transport/types'

interface Refs {
  holders: number
  connected: boolean
  /** Bumped by every retain, so a release scheduled before it does nothing. */
  generation: number
}

/** Per pool (so per store): how many mounted providers hold its connection. */
const refs = new WeakMap<ConnectionPool, Refs>()

/**
 * Connects `pool` for the first holder and returns the release function. The last release
 * disconnects one microtask later unless someone retained it again in between: React
 * StrictMode's mount → unmount → mount (and a provider remounting under a new key around
 * the same store) keeps the same sockets instead of closing and reopening all of them.
 */
export const retainConnection = (pool: ConnectionPool): (() => void) => {
  const entry = refs.get(pool) ?? { holders: 0, connected: false, generation: 0 }
  refs.set(pool, entry)
  entry.holders += 1
  entry.generation += 1
  if (!entry.connected) {
    entry.connected = true
    void pool.connect()
  }
  let released = false
  return () => {
    if (released) return
    released = true
    entry.holders -= 1
    if (entry.holders > 0) return
    const generation = entry.generation
    queueMicrotask(() => {
      if (entry.holders > 0 || entry.generation !== generation || !entry.connected) return
      entry.connected = false
      pool.disconnect()
    })
  }
}
