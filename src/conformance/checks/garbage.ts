import { fieldOf, openProbe, typeOf } from '../probe'
import type { CheckContext, RowId, RowResult } from '../types'
import { fail, getJson, pass } from './shared'

const GARBAGE = ['this is not json {', JSON.stringify({ data: 'a frame without a type' }), '[1, 2, 3]']
const STAYS_UP_MS = 1000

const garbageCount = async (context: CheckContext): Promise<number | null> => {
  const { body } = await getJson(`${context.httpBase}/metrics`)
  const count = fieldOf(body, 'garbageIn')
  return typeof count === 'number' ? count : null
}

/** Three garbage frames: the socket must stay up (and a ping after them still be answered if pongs work). */
export const checkGarbage = async (context: CheckContext): Promise<Partial<Record<RowId, RowResult>>> => {
  const endpoint = context.endpoints[0] ?? ''
  const before = await garbageCount(context)
  const probe = openProbe(context.socketUrl(endpoint))
  try {
    if (!(await probe.opened(context.timeoutMs))) return { garbage: fail(`${endpoint} did not open`), 'garbage-counted': fail('no socket') }
    for (const frame of GARBAGE) probe.send(frame)
    const from = probe.frames.length
    probe.send({ type: 'ping', timestamp: Date.now() })
    const closed = await probe.closed(STAYS_UP_MS)
    const pong = probe.frames.slice(from).some((frame) => typeOf(frame.value) === 'pong')
    const garbage = closed === null
      ? pass(`${GARBAGE.length} garbage frames, socket still open ${STAYS_UP_MS} ms later${pong ? ', and the next ping answered' : ''}`)
      : fail(`closed ${closed.code} "${closed.reason}" after garbage`)
    const after = await garbageCount(context)
    const counted = before === null || after === null
      ? fail('/metrics has no numeric garbageIn')
      : after - before >= GARBAGE.length
        ? pass(`garbageIn ${before} → ${after}`)
        : fail(`garbageIn ${before} → ${after} after ${GARBAGE.length} garbage frames`)
    return { garbage, 'garbage-counted': counted }
  } finally {
    await probe.close()
  }
}
