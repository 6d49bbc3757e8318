import type { ChannelConstructor, LockManagerLike, PageExit } from './environment'

/** `shareAcrossTabs: { … }`: tuning and injection; `true` takes every default. */
export interface TabSharingConfig {
  /** Lock and channel name. Default: derived from the endpoint set (names + URLs), so different sets never mix. */
  channel?: string
  /** Default `navigator.locks`; null (or missing) falls back to one pool per tab. */
  locks?: LockManagerLike | null
  /** Default `globalThis.BroadcastChannel`; null (or missing) falls back to one pool per tab. */
  BroadcastChannel?: ChannelConstructor | null
  /** Default: `pagehide` / `pageshow` on `window`. */
  pageExit?: PageExit | null
  /** A visible follower takes over from a hidden leader after this long (at once when the leader's sockets are paused). Default 2000. */
  stealAfterMs?: number
  /** How often the leader checks the lock queue for tabs that vanished without saying bye. Default 5000. */
  tabCheckMs?: number
  /** Last messages kept per endpoint (one per message type) for tabs that open later. Default 4. */
  replayTypesPerEndpoint?: number
  /** Sends and chaos calls a follower keeps while no leader is known (during a hand-off). Default 100. */
  outboxSize?: number
}

export type TabRole = 'leader' | 'follower' | 'idle'

/** What the dev panel shows about the sharing. */
export interface TabSharingState {
  role: TabRole
  /** This participant (one store in one tab). */
  tabId: string
  leaderId: string | null
  /** Participants sharing the set, this one included: the lock queue's length (two stores of one set in one tab count as two). */
  tabs: number
  /** Times the leader changed since this participant joined (the first election is not a hand-off). */
  handoffs: number
  channel: string
}

export interface TabSharing {
  state(): TabSharingState
  subscribe(listener: (state: TabSharingState) => void): () => void
}
