import { FEED_NAMES, type FeedName } from '../store/dashboard/feeds'

export interface CloseInstruction {
  code: number
  reason: string
}

/** What the mock backend is doing wrong right now (all off by default). */
export interface MockFaults {
  /** Feeds that send nothing at all: no snapshot, no updates, no pongs. */
  silent: Set<FeedName>
  /** Feeds that answer no `ping`. */
  dropPongs: Set<FeedName>
  /** New sockets are refused until this time (a restart window); 0 = not restarting. */
  restartingUntil: number
  /** New sockets are refused with this close until switched off. */
  refusing: CloseInstruction | null
}

/** How a refused connection looks to the app: closed before `open` ever fires, like a failed TCP connect. */
export const REFUSED: CloseInstruction = { code: 1006, reason: 'connection refused' }

export const createMockFaults = (): MockFaults => ({ silent: new Set(), dropPongs: new Set(), restartingUntil: 0, refusing: null })

export const clearFaults = (faults: MockFaults): void => {
  faults.silent.clear()
  faults.dropPongs.clear()
  faults.restartingUntil = 0
  faults.refusing = null
}

/** The close to refuse a new socket with, or null to accept it. */
export const refusalAt = (faults: MockFaults, now: number): CloseInstruction | null =>
  faults.refusing ?? (now < faults.restartingUntil ? REFUSED : null)

/** Switches a per-feed fault for one feed, or for every feed when `name` is omitted. */
export const toggleFeedFault = (feeds: Set<FeedName>, on: boolean, name?: FeedName): void => {
  for (const feed of name === undefined ? FEED_NAMES : [name]) {
    if (on) feeds.add(feed)
    else feeds.delete(feed)
  }
}
