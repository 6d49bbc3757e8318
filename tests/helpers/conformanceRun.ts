import { runConformance, type ConformanceReport, type RowId } from '../../src/conformance'
import type { ServerProcess } from './serverProcess'

/** What the plan's old backend lacks: a snapshot on connect, topic scoping, pong, seq, any heartbeat of its own. */
export const LEGACY_LACKS: readonly RowId[] = ['snapshot-first', 'seq', 'topic-scoping', 'ping-pong', 'server-ping', 'idle-drop']
/** The Node server's `--legacy`: the plan's old backend in what clients see (no snapshot, no pong, every type on every socket); it keeps seq and its dead-peer sweep. */
export const NODE_LEGACY_LACKS: readonly RowId[] = ['snapshot-first', 'topic-scoping', 'ping-pong']

/** Server flags that turn every configurable row on, and the matching conformance options. */
export const STRICT_SERVER_ARGS = [
  '--update-ms', '200', '--idle-ping-ms', '600', '--max-per-endpoint', '4', '--token', 'conformance-token',
  '--origins', 'https://dashboard.example',
] as const

/** Runs the whole suite against a spawned server, stopping it (SIGTERM to its pid) for the shutdown row. */
export const conformanceOf = (server: ServerProcess): Promise<ConformanceReport> =>
  runConformance({
    url: server.url,
    token: 'conformance-token',
    allowedOrigin: 'https://dashboard.example',
    maxPerEndpoint: 4,
    idleMs: 600,
    observeMs: 1500,
    // Generous: the machine is shared and loaded.
    timeoutMs: 8000,
    shutdown: () => void server.child.kill('SIGTERM'),
  })

export const failedRows = (report: ConformanceReport): RowId[] => report.rows.filter((row) => row.status === 'fail').map((row) => row.id)

/** The report as readable lines, for assertion messages. */
export const describeReport = (report: ConformanceReport): string =>
  report.rows.map((row) => `${row.status} ${row.id}: ${row.evidence}`).join('\n')
