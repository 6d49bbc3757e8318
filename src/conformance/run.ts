import { checkAdmission } from './checks/admission'
import { checkConnect } from './checks/connect'
import { checkGarbage } from './checks/garbage'
import { checkIdle, checkPingPong } from './checks/heartbeat'
import { checkHttp } from './checks/http'
import { checkShutdown } from './checks/shutdown'
import { ROWS, ROW_IDS } from './rows'
import type { CheckContext, ConformanceOptions, ConformanceReport, ConformanceRow, RowId, RowResult } from './types'

/** The 8 dashboard feeds of SPEC §3. */
export const DASHBOARD_ENDPOINTS = [
  'queue', 'adw-monitor', 'workflows', 'routes', 'workflow-history', 'planned-features', 'system-status', 'webhook-status',
] as const

interface Group {
  rows: readonly RowId[]
  run(context: CheckContext): Promise<Partial<Record<RowId, RowResult>>>
}

/** In this order: the shutdown group stops the server, so it is last. */
const GROUPS: readonly Group[] = [
  { rows: ['endpoints', 'snapshot-first', 'type-naming', 'seq', 'topic-scoping'], run: checkConnect },
  { rows: ['ping-pong'], run: checkPingPong },
  { rows: ['garbage', 'garbage-counted'], run: checkGarbage },
  { rows: ['polling-get', 'healthz', 'metrics'], run: checkHttp },
  { rows: ['server-ping', 'idle-drop'], run: checkIdle },
  { rows: ['cap', 'token', 'origin', 'max-frame'], run: checkAdmission },
  { rows: ['shutdown'], run: checkShutdown },
]

const contextOf = (options: ConformanceOptions): CheckContext => {
  let base: URL
  try {
    base = new URL(options.url)
  } catch {
    throw new Error(`conformance: --url must be an http(s):// or ws(s):// URL, got "${options.url}"`)
  }
  const secure = base.protocol === 'https:' || base.protocol === 'wss:'
  const hostPart = base.host
  const httpBase = `${secure ? 'https' : 'http'}://${hostPart}`
  const wsBase = `${secure ? 'wss' : 'ws'}://${hostPart}`
  const prefix = (options.prefix ?? '/api/v1').replace(/\/$/, '')
  const endpoints = options.endpoints ?? DASHBOARD_ENDPOINTS
  if (endpoints.length === 0) throw new Error('conformance: the endpoint list is empty')
  return {
    httpBase,
    wsBase,
    endpoints,
    prefix,
    token: options.token,
    timeoutMs: options.timeoutMs ?? 5000,
    options,
    socketUrl(endpoint, token = options.token ?? null) {
      const url = `${wsBase}${prefix}/ws/${endpoint}`
      return token === null ? url : `${url}?token=${encodeURIComponent(token)}`
    },
    pollUrl: (endpoint) => `${httpBase}${prefix}/${endpoint}`,
  }
}

const rowOf = (id: RowId, result: RowResult): ConformanceRow => {
  const spec = ROWS[id]
  return { id, title: spec.title, level: spec.level, ...result, ...(result.status === 'fail' && spec.loses ? { loses: spec.loses } : {}) }
}

/** Checks a running backend against docs/PROTOCOL.md, one group of rows after the other. */
export const runConformance = async (options: ConformanceOptions): Promise<ConformanceReport> => {
  const context = contextOf(options)
  const results: Partial<Record<RowId, RowResult>> = {}
  for (const group of GROUPS) {
    let groupResults: Partial<Record<RowId, RowResult>>
    try {
      groupResults = await group.run(context)
    } catch (error) {
      // One broken check must not hide the others' results; its rows fail with the reason.
      const evidence = `the check threw: ${error instanceof Error ? error.message : String(error)}`
      groupResults = Object.fromEntries(group.rows.map((id) => [id, { status: 'fail', evidence }]))
    }
    for (const id of group.rows) {
      const result = groupResults[id] ?? { status: 'fail', evidence: 'the check reported nothing' }
      results[id] = result
      options.onRow?.(rowOf(id, result))
    }
  }
  const rows = ROW_IDS.map((id) => rowOf(id, results[id] ?? { status: 'fail', evidence: 'in no check group' }))
  return { rows, ok: rows.every((row) => row.level !== 'required' || row.status !== 'fail') }
}
