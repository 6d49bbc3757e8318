import type { FeedName } from '../store/dashboard/feeds'
import { broadcast, type MockBackendContext } from './context'
import { REFUSED, toggleFeedFault, type CloseInstruction } from './faults'

/** Faults and events to drive the mock backend from a test or the mock demo. Every toggle is reversible. */
export interface MockScenario {
  /** A backend restart: closes every socket with 1012 and refuses new sockets (and fails polls) for `refuseMs`. */
  restart(refuseMs: number): void
  /** Refuses every new socket until switched off (default close 1006 "connection refused", before `open`); open sockets stay. */
  refuseConnections(on: boolean, close?: Partial<CloseInstruction>): void
  /** No `pong` for the feed's pings (every feed when `name` is omitted); everything else still flows. */
  dropPongs(on: boolean, name?: FeedName): void
  /** The feed sends nothing at all: no snapshot, no updates, no pongs (a dead socket that looks open). */
  goSilent(on: boolean, name?: FeedName): void
  /** Sends a non-JSON frame, then a JSON frame with no `type`. */
  sendGarbage(name: FeedName): void
  /** Sends this exact text to the feed's sockets (huge frames, wrong shapes, unknown types). */
  sendRaw(name: FeedName, text: string): void
  /** Closes the feed's sockets with this code, e.g. 4401, or 1013 with reason `{"retryAfterMs":2000}`. */
  closeWith(name: FeedName, code: number, reason?: string): void
  /** `count` updates at once, seq increasing by one each. */
  pushBurst(name: FeedName, count: number): void
  pushUpdate(name: FeedName): void
  /** `{type: "server_ping", timestamp}` to the feed's sockets. */
  serverPing(name: FeedName): void
  /** Periodic world updates every `ms` (0 stops them). */
  setUpdateInterval(ms: number): void
}

export const createMockScenario = (context: MockBackendContext, setUpdateInterval: (ms: number) => void): MockScenario => {
  const pushUpdate = (name: FeedName): void => broadcast(context, name, context.encode(context.world.advance(name)))
  return {
    restart: (refuseMs) => {
      context.faults.restartingUntil = context.now() + Math.max(0, refuseMs)
      context.sockets.closeAll(undefined, 1012, 'service restart')
    },
    refuseConnections: (on, close = {}) => {
      context.faults.refusing = on ? { ...REFUSED, ...close } : null
    },
    dropPongs: (on, name) => toggleFeedFault(context.faults.dropPongs, on, name),
    goSilent: (on, name) => toggleFeedFault(context.faults.silent, on, name),
    sendGarbage: (name) => {
      broadcast(context, name, 'this is not json {')
      broadcast(context, name, JSON.stringify({ data: { note: 'a frame without a type' } }))
    },
    sendRaw: (name, text) => broadcast(context, name, text),
    closeWith: (name, code, reason = '') => context.sockets.closeAll(name, code, reason),
    pushBurst: (name, count) => {
      for (let sent = 0; sent < count; sent += 1) pushUpdate(name)
    },
    pushUpdate,
    serverPing: (name) => broadcast(context, name, JSON.stringify({ type: 'server_ping', timestamp: context.now() })),
    setUpdateInterval,
  }
}
