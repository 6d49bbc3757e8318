/** One line of a conformance report: a behaviour of docs/PROTOCOL.md, checked against a running backend. */
export interface ConformanceRow {
  id: RowId
  title: string
  /** A failed required row fails the run; an optional one only says what the client loses. */
  level: 'required' | 'optional'
  status: 'pass' | 'fail' | 'skip'
  /** What was seen (or, for a skip, how to turn the check on). */
  evidence: string
  /** For a failed optional row: what a client of this backend loses. */
  loses?: string
}

export type RowId =
  | 'endpoints'
  | 'snapshot-first'
  | 'type-naming'
  | 'seq'
  | 'topic-scoping'
  | 'ping-pong'
  | 'garbage'
  | 'garbage-counted'
  | 'server-ping'
  | 'idle-drop'
  | 'polling-get'
  | 'healthz'
  | 'metrics'
  | 'cap'
  | 'token'
  | 'origin'
  | 'max-frame'
  | 'shutdown'

export interface ConformanceOptions {
  /** The backend's HTTP base, e.g. `http://127.0.0.1:8002` (ws:// is derived from it). */
  url: string
  /** Feed names; default the 8 dashboard feeds. */
  endpoints?: readonly string[]
  /** Path prefix of sockets and polling GETs; default `/api/v1`. */
  prefix?: string
  /** A valid token the server expects in `?token=`; enables the token row (and is sent on every other socket). */
  token?: string
  /** An Origin the server allows; enables the Origin row (a made-up Origin must then be refused with 1008). */
  allowedOrigin?: string
  /** The server's per-endpoint cap; enables the cap row (one socket more must be closed 1013 + retryAfterMs). */
  maxPerEndpoint?: number
  /** The server's idle time before `server_ping`; default 60 000 (the protocol's). */
  idleMs?: number
  /** Skip the idle rows (they take about twice `idleMs`). */
  skipIdle?: boolean
  /** The server's frame limit; default 65 536. */
  maxFrameBytes?: number
  /** How long to watch every endpoint's frames for the scoping and seq rows; default 3000 ms. */
  observeMs?: number
  /** Stops the server (e.g. SIGTERM to its pid); enables the shutdown row, which runs last. */
  shutdown?: () => Promise<void> | void
  /** Per-step wait for a frame or a close; default 5000 ms. */
  timeoutMs?: number
  /** Called with each row as soon as it is decided. */
  onRow?: (row: ConformanceRow) => void
}

export interface ConformanceReport {
  rows: ConformanceRow[]
  /** True when no required row failed. */
  ok: boolean
}

/** What the checks share: the resolved options and helpers to build URLs. */
export interface CheckContext {
  httpBase: string
  wsBase: string
  endpoints: readonly string[]
  prefix: string
  token: string | undefined
  timeoutMs: number
  options: ConformanceOptions
  socketUrl(endpoint: string, token?: string | null): string
  pollUrl(endpoint: string): string
}

export type RowResult = Pick<ConformanceRow, 'status' | 'evidence'>
