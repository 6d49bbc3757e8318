import type { ConnectionPool } from '../types'
import type { TabSharing } from './types'

const sharingOf = new WeakMap<ConnectionPool, TabSharing>()

/** The tab sharing behind a pool, or null for a pool of its own (sharing off or not supported here). */
export const tabSharingOf = (pool: ConnectionPool): TabSharing | null => sharingOf.get(pool) ?? null

export const registerTabSharing = (pool: ConnectionPool, sharing: TabSharing): void => {
  sharingOf.set(pool, sharing)
}

/** A wrapper of a pool (the store's `transport`) answers `tabSharingOf` like the pool it wraps. */
export const inheritTabSharing = (wrapper: ConnectionPool, pool: ConnectionPool): void => {
  const sharing = sharingOf.get(pool)
  if (sharing !== undefined) sharingOf.set(wrapper, sharing)
}
