import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFrameLog, describeVerdict, frameJson } from 'zustand-realtime/devpanel'
import { advance, endpoint, setup, useFakeTransportTimers } from './transport/fixture'

useFakeTransportTimers()
let stopLog: (() => void) | null = null
beforeEach(() => { stopLog = null })
afterEach(() => stopLog?.())

const typed = [
  { ...endpoint('queue', 1), types: ['queue_update'] },
  { ...endpoint('routes', 1), types: ['routes_update'] },
]

describe('frame log (the dev panel frame inspector core)', () => {
  it('keeps the last frames per socket with direction, type, size and the verdict matched to each', () => {
    const { pool, sockets } = setup({ endpoints: typed, staggerMs: 0, heartbeat: { interval: 1000, timeout: 5000 } })
    const log = createFrameLog(pool, 3)
    stopLog = () => log.dispose()
    void pool.connect()
    advance(0)
    sockets.last('queue').open()
    sockets.last('routes').open()
    sockets.last('queue').receive({ type: 'queue_update', data: 1 })
    sockets.last('queue').receive({ type: 'routes_update', data: 'r' })
    sockets.last('queue').receive('{oops')
    const [first] = log.frames('queue')
    expect(first?.type).toBe('queue_update')
    const firstMessage = first?.body
    if (typeof firstMessage !== 'object' || firstMessage === undefined) throw new Error('expected a parsed message')
    pool.reject('queue', firstMessage, 'queue: queue_update rejected by its schema: data: expected an object, got number')
    const routed = log.frames('queue')[1]?.body
    if (typeof routed !== 'object' || routed === undefined) throw new Error('expected a parsed message')
    pool.accept('routes', routed)
    advance(1000) // a ping goes out; the 4th frame pushes the oldest out (limit 3)

    expect(log.frames('queue').map((entry) => [entry.direction, entry.type, describeVerdict(entry)])).toEqual([
      ['in', 'routes_update', 'routed → routes · accepted'],
      ['in', null, 'dropped: dropped a frame: not JSON: "{oops"'],
      ['out', 'ping', '—'],
    ])
    expect(frameJson(log.frames('queue')[0] ?? { body: '' } as never)).toBe('{\n  "type": "routes_update",\n  "data": "r"\n}')
    expect(log.frames('queue')[1]?.size).toBe(5)
  })

  it('notifies at most every 250 ms, and nothing after dispose', () => {
    const { pool, sockets } = setup()
    const log = createFrameLog(pool)
    const listener = vi.fn()
    log.subscribe(listener)
    void pool.connect()
    sockets.last('queue').open()
    for (let n = 0; n < 10; n++) sockets.last('queue').receive({ type: 'queue_update', data: n })
    expect(listener).not.toHaveBeenCalled()
    advance(250)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(log.frames('queue')).toHaveLength(10)
    log.dispose()
    sockets.last('queue').receive({ type: 'queue_update', data: 11 })
    advance(1000)
    expect(listener).toHaveBeenCalledTimes(1)
  })
})
