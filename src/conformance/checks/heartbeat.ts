import { fieldOf, openProbe, typeOf } from '../probe'
import type { CheckContext, RowId, RowResult } from '../types'
import { fail, pass, skip } from './shared'

const PINGS = 3
const FIRST_FRAME_WAIT_MS = 1000

/** ping → pong with the same timestamp, three times, with the round trips as evidence. */
export const checkPingPong = async (context: CheckContext): Promise<Partial<Record<RowId, RowResult>>> => {
  const endpoint = context.endpoints[0] ?? ''
  const probe = openProbe(context.socketUrl(endpoint))
  try {
    if (!(await probe.opened(context.timeoutMs))) return { 'ping-pong': fail(`${endpoint} did not open`) }
    await probe.nextFrame(() => true, FIRST_FRAME_WAIT_MS)
    const rtts: number[] = []
    for (let index = 0; index < PINGS; index += 1) {
      const from = probe.frames.length
      const timestamp = Date.now() + index / 10 // distinct, and not an integer: a server must echo it, not make one up
      probe.send({ type: 'ping', timestamp })
      const pong = await probe.nextFrame((frame) => typeOf(frame.value) === 'pong', context.timeoutMs, from)
      if (pong === null) return { 'ping-pong': fail(`no pong within ${context.timeoutMs} ms on ${endpoint}`) }
      const echoed = fieldOf(pong.value, 'timestamp')
      if (echoed !== timestamp) return { 'ping-pong': fail(`pong timestamp ${JSON.stringify(echoed)}, sent ${timestamp}`) }
      rtts.push(pong.at - Math.floor(timestamp))
    }
    return { 'ping-pong': pass(`${PINGS} pongs, timestamps echoed, RTT ${rtts.join('/')} ms`) }
  } finally {
    await probe.close()
  }
}

/** A socket that sends nothing (and answers no protocol ping): server_ping after the idle time, then a drop. */
export const checkIdle = async (context: CheckContext): Promise<Partial<Record<RowId, RowResult>>> => {
  const idleMs = context.options.idleMs ?? 60_000
  if (context.options.skipIdle) {
    const why = skip('--skip-idle given')
    return { 'server-ping': why, 'idle-drop': why }
  }
  const slackMs = Math.max(2000, idleMs / 2)
  const endpoint = context.endpoints[0] ?? ''
  const probe = openProbe(context.socketUrl(endpoint))
  try {
    if (!(await probe.opened(context.timeoutMs))) {
      const why = fail(`${endpoint} did not open`)
      return { 'server-ping': why, 'idle-drop': why }
    }
    const openedAt = probe.openedAt ?? Date.now()
    const ping = await probe.nextFrame((frame) => typeOf(frame.value) === 'server_ping', idleMs + slackMs)
    let serverPing: RowResult
    if (ping === null) {
      const closed = probe.closeInfo()
      serverPing = fail(closed ? `closed ${closed.code} after ${closed.at - openedAt} ms, no server_ping` : `no server_ping in ${idleMs + slackMs} ms of silence`)
    } else if (typeof fieldOf(ping.value, 'timestamp') !== 'number') {
      serverPing = fail(`server_ping without a numeric timestamp: ${ping.text.slice(0, 60)}`)
    } else {
      serverPing = pass(`server_ping after ${ping.at - openedAt} ms of silence (idle ${idleMs} ms)`)
    }
    // Not answering: the server should give up on us within about another idle period.
    const since = ping?.at ?? openedAt + idleMs
    const close = await probe.closed(Math.max(0, since + idleMs + slackMs - Date.now()))
    const idleDrop = close === null
      ? fail(`still open ${Date.now() - openedAt} ms after open without answering`)
      : pass(`closed ${close.code} by the server ${close.at - since} ms after ${ping ? 'its unanswered server_ping' : 'the idle time'}`)
    return { 'server-ping': serverPing, 'idle-drop': idleDrop }
  } finally {
    await probe.close()
  }
}
