import { openProbe, type Probe } from '../probe'
import type { CheckContext, RowId, RowResult } from '../types'
import { fail, pass, skip } from './shared'

/** A socket that was let in stays open this long. */
const ADMITTED_MS = 500
const FOREIGN_ORIGIN = 'https://conformance.invalid'

const admitted = async (probe: Probe, timeoutMs: number): Promise<boolean> =>
  (await probe.opened(timeoutMs)) && (await probe.closed(ADMITTED_MS)) === null

const describeClose = (probe: Probe): string => {
  const close = probe.closeInfo()
  return close === null ? 'stayed open' : `closed ${close.code}${close.reason ? ` "${close.reason}"` : ''}`
}

const checkCap = async (context: CheckContext): Promise<RowResult> => {
  const cap = context.options.maxPerEndpoint
  if (cap === undefined) return skip("pass --max-per-endpoint N (the server's per-endpoint cap) to check")
  const endpoint = context.endpoints[context.endpoints.length - 1] ?? ''
  const inside = Array.from({ length: cap }, () => openProbe(context.socketUrl(endpoint)))
  let extra: Probe | null = null
  try {
    const opened = await Promise.all(inside.map((probe) => probe.opened(context.timeoutMs)))
    const refusedEarly = opened.filter((ok) => !ok).length
    if (refusedEarly > 0) return fail(`${refusedEarly} of the first ${cap} sockets did not open (a lower cap?)`)
    extra = openProbe(context.socketUrl(endpoint))
    await extra.opened(context.timeoutMs)
    const close = await extra.closed(context.timeoutMs)
    if (close === null) return fail(`socket ${cap + 1} on ${endpoint} ${describeClose(extra)}`)
    if (close.code !== 1013) return fail(`socket ${cap + 1} closed ${close.code}, not 1013`)
    let retryAfterMs: unknown
    try {
      retryAfterMs = (JSON.parse(close.reason) as { retryAfterMs?: unknown }).retryAfterMs
    } catch {
      return fail(`1013 with reason "${close.reason}": not JSON {"retryAfterMs": n}`)
    }
    if (typeof retryAfterMs !== 'number') return fail(`1013 reason ${close.reason} has no numeric retryAfterMs`)
    return pass(`socket ${cap + 1} on ${endpoint} closed 1013 ${close.reason}`)
  } finally {
    await Promise.all([...inside, ...(extra ? [extra] : [])].map((probe) => probe.close()))
  }
}

const checkToken = async (context: CheckContext): Promise<RowResult> => {
  const token = context.token
  if (token === undefined) return skip('pass --token T (a token the server accepts) to check')
  const endpoint = context.endpoints[0] ?? ''
  const cases = [
    { name: 'no token', probe: openProbe(context.socketUrl(endpoint, null)) },
    { name: 'wrong token', probe: openProbe(context.socketUrl(endpoint, `${token}-wrong`)) },
  ]
  const good = openProbe(context.socketUrl(endpoint, token))
  try {
    const closes = await Promise.all(cases.map(({ probe }) => probe.closed(context.timeoutMs)))
    const wrong = cases.filter((_, index) => closes[index]?.code !== 4401)
    if (wrong.length > 0) return fail(wrong.map(({ name, probe }) => `${name}: ${describeClose(probe)}`).join('; '))
    if (!(await admitted(good, context.timeoutMs))) return fail(`the right token: ${describeClose(good)}`)
    return pass('no token → 4401, wrong token → 4401, right token → admitted')
  } finally {
    await Promise.all([...cases.map(({ probe }) => probe), good].map((probe) => probe.close()))
  }
}

const checkOrigin = async (context: CheckContext): Promise<RowResult> => {
  const allowed = context.options.allowedOrigin
  if (allowed === undefined) return skip('pass --allowed-origin URL (an Origin the server allows) to check')
  const endpoint = context.endpoints[0] ?? ''
  const foreign = openProbe(context.socketUrl(endpoint), { origin: FOREIGN_ORIGIN })
  const own = openProbe(context.socketUrl(endpoint), { origin: allowed })
  try {
    const close = await foreign.closed(context.timeoutMs)
    if (close?.code !== 1008) return fail(`Origin ${FOREIGN_ORIGIN}: ${describeClose(foreign)}`)
    if (!(await admitted(own, context.timeoutMs))) return fail(`Origin ${allowed}: ${describeClose(own)}`)
    return pass(`Origin ${FOREIGN_ORIGIN} → 1008, ${allowed} → admitted`)
  } finally {
    await Promise.all([foreign.close(), own.close()])
  }
}

const checkMaxFrame = async (context: CheckContext): Promise<RowResult> => {
  const limit = context.options.maxFrameBytes ?? 64 * 1024
  const endpoint = context.endpoints[0] ?? ''
  const probe = openProbe(context.socketUrl(endpoint))
  try {
    if (!(await probe.opened(context.timeoutMs))) return fail(`${endpoint} did not open`)
    const frame = JSON.stringify({ type: 'ping', timestamp: Date.now(), pad: 'x'.repeat(limit + 1024) })
    probe.send(frame)
    const close = await probe.closed(context.timeoutMs)
    if (close?.code !== 1009) return fail(`a ${frame.length}-byte frame: ${describeClose(probe)}`)
    return pass(`a ${frame.length}-byte frame (limit ${limit}) → 1009`)
  } finally {
    await probe.close()
  }
}

/** Cap, token, Origin and frame size, one after the other (the cap check fills an endpoint). */
export const checkAdmission = async (context: CheckContext): Promise<Partial<Record<RowId, RowResult>>> => ({
  cap: await checkCap(context),
  token: await checkToken(context),
  origin: await checkOrigin(context),
  'max-frame': await checkMaxFrame(context),
})
