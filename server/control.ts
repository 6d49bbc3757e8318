import { messageTypeOf, type FeedName } from '../src/store/dashboard/feeds'
import { type EndpointSelector, type Faults, clearFaults, toggleEndpoints } from './faults'
import type { EndpointRegistry } from './registry'
import type { UpdateLoop } from './updateLoop'

/** Fault injection and data pushes for tests, E2E and the soak (`running.control`, `POST /__control`). */
export interface ServerControl {
  /** Send nothing (snapshots, updates, pongs, server_pings) to the endpoint's sockets: a half-dead peer. */
  silence(endpoint: EndpointSelector, on: boolean): void
  /** Leave client pings unanswered; updates still flow. */
  dropPongs(endpoint: EndpointSelector, on: boolean): void
  /** New upgrades fail with HTTP 503 (the client sees a failed connect); open sockets stay. */
  refuse(on: boolean): void
  /** New sockets are closed 1013 `{"retryAfterMs": N}` (default: the server's retryAfterMs). */
  full(on: boolean, retryAfterMs?: number): void
  /** Closes every open socket (1006 = terminate without a close frame); returns how many. */
  dropAll(code?: number, reason?: string): number
  /** Pushes `count` updates of the endpoint's feed at once. */
  burst(endpoint: FeedName, count: number): void
  /** Sends the endpoint's sockets a non-JSON frame and a JSON frame without `type`. */
  garbage(endpoint: FeedName): void
  /** Sends the endpoint's sockets one well-formed frame of its own type whose `data` is a string, not the feed's object. */
  badData(endpoint: FeedName): void
  /** Generator rate; 0 stops automatic updates. */
  setUpdateInterval(ms: number): void
  /** Switches every fault off (the update rate stays). */
  reset(): void
  state(): ControlState
}

export interface ControlState {
  silenced: FeedName[]
  pongsDropped: FeedName[]
  refusing: boolean
  fullRetryAfterMs: number | null
  updateIntervalMs: number
}

export interface ControlContext {
  faults: Faults
  registry: EndpointRegistry
  updateLoop: UpdateLoop
  defaultRetryAfterMs: number
  /** Forces a change of one feed and broadcasts every feed that changed. */
  pushUpdate(endpoint: FeedName): void
}

export const NOT_JSON_FRAME = 'this is not json {'
export const TYPELESS_FRAME = { data: 'a frame without a type' }
export const BAD_DATA = 'not the feed data'

/** Close codes `ws` will send, plus 1006 (which control maps to a terminate). */
const isDroppableCode = (code: number): boolean =>
  Number.isInteger(code) && ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005) || (code >= 3000 && code <= 4999))

export const createControl = ({ faults, registry, updateLoop, defaultRetryAfterMs, pushUpdate }: ControlContext): ServerControl => ({
  silence: (endpoint, on) => toggleEndpoints(faults.silenced, endpoint, on),
  dropPongs: (endpoint, on) => toggleEndpoints(faults.pongsDropped, endpoint, on),
  refuse(on) {
    faults.refusing = on
  },
  full(on, retryAfterMs = defaultRetryAfterMs) {
    faults.fullRetryAfterMs = on ? retryAfterMs : null
  },
  dropAll(code = 1012, reason = 'dropped by control') {
    if (!isDroppableCode(code)) throw new RangeError(`cannot close with code ${code}`)
    const peers = registry.peers()
    for (const { socket } of peers) {
      // ws refuses to send 1006 (it means "no close frame"), so drop the TCP connection instead.
      if (code === 1006) socket.terminate()
      else socket.close(code, reason)
    }
    return peers.length
  },
  burst(endpoint, count) {
    for (let index = 0; index < count; index += 1) pushUpdate(endpoint)
  },
  garbage(endpoint) {
    registry.broadcast(endpoint, NOT_JSON_FRAME)
    registry.broadcast(endpoint, TYPELESS_FRAME)
  },
  badData(endpoint) {
    registry.broadcast(endpoint, { type: messageTypeOf(endpoint), data: BAD_DATA })
  },
  setUpdateInterval: (ms) => updateLoop.setInterval(ms),
  reset: () => clearFaults(faults),
  state: () => ({
    silenced: [...faults.silenced],
    pongsDropped: [...faults.pongsDropped],
    refusing: faults.refusing,
    fullRetryAfterMs: faults.fullRetryAfterMs,
    updateIntervalMs: updateLoop.intervalMs(),
  }),
})
