import type { EndpointHealth } from '../types'

/**
 * The health a tab shows for an endpoint while leadership moves to another tab: its last known
 * health, marked `reconnecting` — the sockets are being reopened elsewhere, and the data on
 * screen is still the last the old leader delivered. A hand-off never shows `disconnected`;
 * a pause (hidden, offline) stays what it was.
 */
export const handoffHealth = (last: EndpointHealth): EndpointHealth => {
  if (last.paused !== false || last.status === 'reconnecting') return last
  return { ...last, status: 'reconnecting', isConnected: false, connectedAt: null }
}

/** What a follower shows before the leader's state dump arrives: `connecting`, like a pool that just started. */
export const joiningHealth = (initial: EndpointHealth): EndpointHealth =>
  initial.status === 'disconnected' && initial.paused === false ? { ...initial, status: 'connecting' } : initial

/** A follower after `disconnect()`: what a pool of its own shows once its sockets are closed. */
export const stoppedHealth = (last: EndpointHealth): EndpointHealth => ({
  ...last, status: 'disconnected', paused: false, fallback: 'none', nextRetryAt: null, connectedAt: null,
  isConnected: false, quality: 'disconnected', connectionQuality: 'disconnected',
})
