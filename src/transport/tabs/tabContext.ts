import type { Clock, ConnectionPool } from '../types'
import type { LocalView } from './localView'
import type { Peers } from './peers'
import type { TabMessage } from './protocol'
import type { SharingStatus } from './sharingStatus'

/** What every part of one tab's shared pool works with. */
export interface TabContext {
  tabId: string
  clock: Clock
  /** The real pool: its sockets are open only while this tab leads. */
  inner: ConnectionPool
  names: ReadonlySet<string>
  status: SharingStatus
  view: LocalView
  /** The other tabs of the set. */
  peers: Peers
  /** To the other tabs, batched per task. */
  post(body: TabMessage): void
  /** This tab's own page is visible. */
  ownVisible(): boolean
}
