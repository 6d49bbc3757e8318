import { listen } from '../listeners'
import type { TabRole, TabSharing, TabSharingState } from './types'

/**
 * This tab's role, the leader it knows and how many tabs share the set: what the dev panel shows.
 * The owner changes the fields, then calls `changed()` once the state is whole again.
 */
export class SharingStatus {
  role: TabRole = 'idle'
  leaderId: string | null = null
  tabs = 1
  private handoffs = 0
  private lastLeaderId: string | null = null
  private readonly listeners = new Set<(state: TabSharingState) => void>()

  constructor(
    private readonly tabId: string,
    private readonly channel: string,
  ) {}

  state(): TabSharingState {
    return { role: this.role, tabId: this.tabId, leaderId: this.leaderId, tabs: this.tabs, handoffs: this.handoffs, channel: this.channel }
  }

  changed(): void {
    const state = this.state()
    for (const listener of [...this.listeners]) listener(state)
  }

  /**
   * Records `next` as the leader: null when it already led, else the one it follows (`previous`
   * null: the first election, not a hand-off).
   */
  recordLeader(next: string): { previous: string | null } | null {
    const previous = this.lastLeaderId
    this.lastLeaderId = next
    if (previous === next) return null
    if (previous !== null) this.handoffs += 1
    return { previous }
  }

  /** What `tabSharingOf` hands out: reads and listens, never writes. */
  sharing(): TabSharing {
    return { state: () => this.state(), subscribe: (listener) => listen(this.listeners, listener) }
  }
}
