import type { ConformanceRow, RowId } from './types'

interface RowSpec {
  title: string
  level: ConformanceRow['level']
  /** What a client loses when this (optional) behaviour is missing. */
  loses?: string
}

/** Every row in report order; docs/PROTOCOL.md is the contract behind each title. */
export const ROWS: Record<RowId, RowSpec> = {
  endpoints: { title: 'every endpoint accepts a socket', level: 'required' },
  'snapshot-first': { title: 'first frame is the full snapshot of its feed', level: 'required' },
  'type-naming': { title: 'frames are JSON objects with a string type; updates are <name>_update', level: 'required' },
  seq: {
    title: 'frames carry an integer seq counting up by one per feed',
    level: 'optional',
    loses: 'no seq: the client cannot see a lost update or resync after a gap',
  },
  'topic-scoping': { title: "a socket only gets its own feed's types", level: 'required' },
  'ping-pong': {
    title: 'ping is answered by a pong with the same timestamp',
    level: 'optional',
    loses: 'no pong: the client will turn its heartbeat off for this server (after two timeouts), so a dead socket is not detected',
  },
  garbage: { title: 'garbage frames (not JSON, no type) leave the socket up', level: 'required' },
  'garbage-counted': {
    title: 'garbage frames are counted (/metrics garbageIn)',
    level: 'optional',
    loses: 'bad client frames are invisible to whoever runs the server',
  },
  'server-ping': {
    title: 'a quiet socket gets {type:"server_ping", timestamp} after the idle time',
    level: 'optional',
    loses: 'no server_ping: idle sockets behind a dead NAT or proxy are never probed by the server',
  },
  'idle-drop': {
    title: 'a peer that never answers is dropped',
    level: 'optional',
    loses: 'dead peers stay registered for hours and every broadcast is sent into them',
  },
  'polling-get': { title: 'GET <prefix>/<name> returns the same {type, data} as the first frame', level: 'required' },
  healthz: { title: 'GET /healthz answers 200', level: 'optional', loses: 'no liveness URL for a load balancer or orchestrator' },
  metrics: {
    title: 'GET /metrics has connections.total and byEndpoint',
    level: 'optional',
    loses: 'the bench, the E2E checks and operators cannot see connections per endpoint',
  },
  cap: {
    title: 'a socket over the cap is closed 1013 with {"retryAfterMs"}',
    level: 'optional',
    loses: 'a full server cannot tell clients when to come back: they retry on their own backoff',
  },
  token: { title: 'a missing or wrong token is closed 4401', level: 'optional', loses: 'the client cannot tell "unauthorised" (never retried) from a failure' },
  origin: { title: 'an Origin off the allow-list is closed 1008', level: 'optional', loses: 'any web page can open sockets to this server' },
  'max-frame': {
    title: 'a frame over the size limit is closed 1009',
    level: 'optional',
    loses: 'one client can make the server buffer frames of any size',
  },
  shutdown: {
    title: 'a graceful shutdown closes every socket 1012',
    level: 'optional',
    loses: 'a restart looks like a network failure (1006) in the client health and metrics',
  },
}

export const ROW_IDS = Object.keys(ROWS) as RowId[]
