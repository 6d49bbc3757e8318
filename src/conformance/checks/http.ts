import { fieldOf, openProbe, typeOf } from '../probe'
import type { CheckContext, RowId, RowResult } from '../types'
import { canonical, fail, getJson, listOf, messageTypeOf, pass } from './shared'

const ATTEMPTS = 3
const FIRST_FRAME_WAIT_MS = 2000

const keysOf = (value: unknown): string =>
  typeof value === 'object' && value !== null ? Object.keys(value).sort().join(',') : typeof value

/**
 * The socket's first frame of its own type and a GET right after: the same frame when nothing changed
 * in between (same seq, or equal data); otherwise at least the same type and fields.
 */
const parityOf = async (context: CheckContext, endpoint: string): Promise<{ problem: string | null; exact: boolean }> => {
  const type = messageTypeOf(endpoint)
  let fieldsMatch = false
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const probe = openProbe(context.socketUrl(endpoint))
    try {
      await probe.opened(context.timeoutMs)
      const first = await probe.nextFrame((frame) => typeOf(frame.value) === type, FIRST_FRAME_WAIT_MS)
      const got = await getJson(context.pollUrl(endpoint))
      if (got.status !== 200) return { problem: `${endpoint}: GET ${got.status ?? got.error ?? 'failed'}`, exact: false }
      if (typeOf(got.body) !== type) return { problem: `${endpoint}: GET type ${typeOf(got.body) ?? '(none)'}`, exact: false }
      if (fieldOf(got.body, 'data') === undefined) return { problem: `${endpoint}: GET has no data`, exact: false }
      if (first === null) return { problem: null, exact: false } // no frame to compare (no snapshot): the GET's shape is right
      const sameSeq = fieldOf(first.value, 'seq') !== undefined && fieldOf(first.value, 'seq') === fieldOf(got.body, 'seq')
      const sameData = canonical(fieldOf(first.value, 'data')) === canonical(fieldOf(got.body, 'data'))
      if (sameSeq && !sameData) return { problem: `${endpoint}: same seq, different data`, exact: false }
      if (sameData) return { problem: null, exact: true }
      fieldsMatch = keysOf(fieldOf(first.value, 'data')) === keysOf(fieldOf(got.body, 'data'))
      if (!fieldsMatch) return { problem: `${endpoint}: GET data fields ${keysOf(fieldOf(got.body, 'data'))}, socket ${keysOf(fieldOf(first.value, 'data'))}`, exact: false }
    } finally {
      await probe.close()
    }
  }
  return { problem: fieldsMatch ? null : `${endpoint}: no match`, exact: false }
}

/** Polling GET parity per endpoint, /healthz, /metrics. */
export const checkHttp = async (context: CheckContext): Promise<Partial<Record<RowId, RowResult>>> => {
  const parities = []
  for (const endpoint of context.endpoints) parities.push({ endpoint, ...(await parityOf(context, endpoint)) })
  const problems = parities.flatMap(({ problem }) => (problem === null ? [] : [problem]))
  const exact = parities.filter((parity) => parity.exact).length

  const health = await getJson(`${context.httpBase}/healthz`)
  const metrics = await getJson(`${context.httpBase}/metrics`)
  const connections = fieldOf(metrics.body, 'connections')
  const total = fieldOf(connections, 'total')
  const byEndpoint = fieldOf(connections, 'byEndpoint')
  const missing = context.endpoints.filter((name) => typeof fieldOf(byEndpoint, name) !== 'number')
  return {
    'polling-get': problems.length === 0
      ? pass(`${parities.length} GETs: ${exact} identical to the socket's first frame, ${parities.length - exact} same type and fields (data moved on)`)
      : fail(listOf(problems)),
    healthz: health.status === 200 ? pass('200') : fail(`GET /healthz: ${health.status ?? health.error}`),
    metrics: metrics.status !== 200
      ? fail(`GET /metrics: ${metrics.status ?? metrics.error}`)
      : typeof total !== 'number' || missing.length > 0
        ? fail(`connections.total ${JSON.stringify(total)}; byEndpoint lacks ${listOf(missing)}`)
        : pass(`connections.total ${total}, byEndpoint for ${context.endpoints.length} feeds`),
  }
}
