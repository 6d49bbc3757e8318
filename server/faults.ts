import { FEED_NAMES, type FeedName } from '../src/store/dashboard/feeds'

/** Failures the control API switches on; every part is reversible. */
export interface Faults {
  /** Endpoints whose sockets get nothing at all from the server (a half-dead peer). */
  silenced: Set<FeedName>
  /** Endpoints whose client pings go unanswered. */
  pongsDropped: Set<FeedName>
  /** New upgrades fail with HTTP 503. */
  refusing: boolean
  /** New sockets are closed 1013 with this retryAfterMs; null = not full. */
  fullRetryAfterMs: number | null
}

export type EndpointSelector = FeedName | '*'

export const createFaults = (): Faults => ({
  silenced: new Set(),
  pongsDropped: new Set(),
  refusing: false,
  fullRetryAfterMs: null,
})

export const clearFaults = (faults: Faults): void => {
  faults.silenced.clear()
  faults.pongsDropped.clear()
  faults.refusing = false
  faults.fullRetryAfterMs = null
}

export const toggleEndpoints = (set: Set<FeedName>, selector: EndpointSelector, on: boolean): void => {
  for (const name of selector === '*' ? FEED_NAMES : [selector]) {
    if (on) set.add(name)
    else set.delete(name)
  }
}
