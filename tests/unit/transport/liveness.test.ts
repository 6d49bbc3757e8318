import { describe, expect, it, vi } from 'vitest'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

const pingsOf = (socket: { sentFrames(): { type: string }[] }) => socket.sentFrames().filter((f) => f.type === 'ping').length

/** One endpoint open since t=0 that has answered one ping (so the heartbeat trusts the server). */
function liveSocket(heartbeat = { interval: 60_000, timeout: 5000 }, options: Parameters<typeof setup>[0] = {}) {
  const env = setup({ heartbeat, ...options })
  void env.pool.connect()
  const socket = env.sockets.last('queue')
  socket.open()
  advance(heartbeat.interval)
  socket.receive({ type: 'pong', timestamp: Date.now() })
  return { ...env, socket }
}

/** The wall clock jumps (the machine slept) while no timer runs. */
const sleep = (ms: number) => vi.setSystemTime(Date.now() + ms)

const livenessChecks = (transitions: { kind: string; to: string; reason: string }[]) =>
  transitions.filter((t) => t.kind === 'heartbeat' && t.to === 'liveness check')

describe('liveness check after the machine slept', () => {
  it('a 60 s timer that fires 5 minutes late triggers a check at once; a dead-but-OPEN socket is replaced within timeout', () => {
    const { pool, sockets, socket, transitions } = liveSocket()
    advance(30_000)
    sleep(300_000)
    advance(30_000) // the ping timer fires, 5 minutes after its time
    expect(livenessChecks(transitions)).toEqual([expect.objectContaining({ reason: expect.stringMatching(/a timer fired 300 s late .*liveness check/) })])
    expect(pingsOf(socket)).toBe(2)
    advance(4999)
    expect(socket.isLive).toBe(true)
    advance(1)
    expect(socket.closedByClient).toEqual({ code: 4000, reason: 'heartbeat timeout' })
    advance(100)
    expect(sockets.all).toHaveLength(2)
    expect(pool.health('queue').status).toBe('reconnecting')
  })

  it('a deadline that passed during the sleep does not kill a socket that had no chance to answer: it asks again', () => {
    const { socket, transitions } = liveSocket()
    advance(60_000) // second ping; its deadline is due at +5 s
    sleep(300_000)
    advance(5000) // the deadline fires 5 minutes late
    expect(socket.isLive).toBe(true)
    expect(livenessChecks(transitions)).toHaveLength(1)
    expect(pingsOf(socket)).toBe(3)
    socket.receive({ type: 'pong', timestamp: Date.now() })
    advance(60_000)
    expect(socket.isLive).toBe(true)
  })

  it('a timer that is merely on time triggers nothing extra', () => {
    const { socket, transitions } = liveSocket()
    advance(60_000)
    expect(livenessChecks(transitions)).toEqual([])
    expect(pingsOf(socket)).toBe(2)
  })
})

describe('liveness check on online and on visible', () => {
  it('`online` pings every open socket at once; no answer within timeout → closed and replaced', () => {
    const { pool, page, sockets, socket, transitions } = liveSocket()
    advance(10_000)
    page.goOnline()
    expect(pingsOf(socket)).toBe(2)
    expect(livenessChecks(transitions).at(-1)?.reason).toBe('browser online: liveness check')
    advance(5000)
    expect(socket.closedByClient?.code).toBe(4000)
    advance(100)
    expect(sockets.all).toHaveLength(2)
    expect(pool.health('queue').lastError?.code).toBe(4000)
  })

  it('`online` with a socket that answers keeps it', () => {
    const { socket, page } = liveSocket()
    page.goOnline()
    socket.receive({ type: 'queue_update', data: 1 }) // any frame counts
    advance(20_000)
    expect(socket.isLive).toBe(true)
  })

  it('visible after ≥ 1 s hidden (within the hidden grace) checks; a quick tab switch does not', () => {
    const { page, socket, transitions } = liveSocket()
    page.hide()
    advance(500)
    page.show()
    expect(pingsOf(socket)).toBe(1)
    page.hide()
    advance(3000)
    page.show()
    expect(pingsOf(socket)).toBe(2)
    expect(livenessChecks(transitions).at(-1)?.reason).toBe('tab visible after 3 s hidden: liveness check')
    advance(5000)
    expect(socket.closedByClient?.code).toBe(4000)
  })

  it('visible checks open sockets with pauseWhenHidden off as well', () => {
    const { page, socket } = liveSocket(undefined, { pauseWhenHidden: false })
    page.hide()
    advance(30_000) // half way to the next ping; the sockets stay open while hidden
    expect(pingsOf(socket)).toBe(1)
    page.show()
    expect(pingsOf(socket)).toBe(2)
  })

  it('a check while a ping already awaits its answer sends nothing more (no ping storm)', () => {
    const { page, socket } = liveSocket()
    page.goOnline()
    page.goOnline()
    page.goOnline()
    expect(pingsOf(socket)).toBe(2)
  })

  it('endpoints without a heartbeat are not pinged on wake', () => {
    const { pool, sockets, page } = setup({ heartbeat: false })
    void pool.connect()
    sockets.last('queue').open()
    page.goOnline()
    page.hide()
    advance(3000)
    page.show()
    expect(sockets.last('queue').sent).toEqual([])
  })

  it('only open sockets are checked: a connecting one is left alone', () => {
    const { pool, sockets, page } = setup({ endpoints: [endpoint('queue', 1)] })
    void pool.connect()
    page.goOnline()
    expect(sockets.last('queue').sent).toEqual([])
    expect(sockets.all).toHaveLength(1)
  })
})
