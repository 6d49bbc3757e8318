import { openProbe } from '../probe'
import type { CheckContext, RowId, RowResult } from '../types'
import { fail, listOf, pass, skip } from './shared'

/** Sockets on every endpoint, then the server is stopped: each must get a 1012 close frame. */
export const checkShutdown = async (context: CheckContext): Promise<Partial<Record<RowId, RowResult>>> => {
  const stop = context.options.shutdown
  if (stop === undefined) return { shutdown: skip('pass --shutdown-cmd "…" or --pid N to check (it stops the server)') }
  const probes = context.endpoints.map((endpoint) => ({ endpoint, probe: openProbe(context.socketUrl(endpoint)) }))
  try {
    const opened = await Promise.all(probes.map(({ probe }) => probe.opened(context.timeoutMs)))
    if (opened.some((ok) => !ok)) return { shutdown: fail('not every endpoint opened before the shutdown') }
    const stoppedAt = Date.now()
    await stop()
    const waitMs = Math.max(context.timeoutMs, 10_000)
    const closes = await Promise.all(probes.map(({ probe }) => probe.closed(waitMs)))
    const wrong = probes.flatMap(({ endpoint }, index) => {
      const close = closes[index]
      return close?.code === 1012 ? [] : [`${endpoint}: ${close ? `closed ${close.code}` : `open after ${waitMs} ms`}`]
    })
    const last = Math.max(...closes.map((close) => close?.at ?? stoppedAt))
    return {
      shutdown: wrong.length === 0
        ? pass(`${probes.length}/${probes.length} closed 1012 within ${last - stoppedAt} ms`)
        : fail(`${wrong.length} of ${probes.length} not 1012: ${listOf(wrong)}`),
    }
  } finally {
    await Promise.all(probes.map(({ probe }) => probe.close()))
  }
}
