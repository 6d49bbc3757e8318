import type { ConnectionPool } from '../transport/types'

/**
 * The pool as the store exposes it (`store.transport`): every call goes to `pool`, and
 * `disconnect()` then applies whatever messages were still waiting for a frame, so
 * nothing is lost and no flush is left pending after the sockets are closed.
 */
export const storePool = (pool: ConnectionPool, flushPending: () => void): ConnectionPool => ({
  connect: () => pool.connect(),
  disconnect: () => {
    pool.disconnect()
    flushPending()
  },
  subscribe: (name, fn) => pool.subscribe(name, fn),
  onHealth: (fn) => pool.onHealth(fn),
  onTransition: (fn) => pool.onTransition(fn),
  send: (name, message) => pool.send(name, message),
  health: (name) => pool.health(name),
  healthAll: () => pool.healthAll(),
  metrics: () => pool.metrics(),
  accept: (name, message) => pool.accept(name, message),
  reject: (name, message, reason) => pool.reject(name, message, reason),
  onFrame: (fn) => pool.onFrame(fn),
  onSample: (fn) => pool.onSample?.(fn) ?? (() => {}),
  get endpoints() {
    return pool.endpoints
  },
  get chaos() {
    return pool.chaos
  },
})
