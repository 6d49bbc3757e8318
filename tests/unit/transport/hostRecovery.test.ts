import { describe, expect, it } from 'vitest'
import { firstInLine } from '../../../src/transport/hostRecovery'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

const name = (url: string) => url.split('/').pop()

/** queue (1), routes (2), metrics (3) on one host, all connected, then the host drops them all. */
function outage() {
  const env = setup({ endpoints: [endpoint('queue', 1), endpoint('routes', 2), endpoint('metrics', 3)] })
  void env.pool.connect()
  advance(200)
  for (const s of env.sockets.all) s.open()
  advance(1000)
  for (const s of [...env.sockets.all]) s.fail()
  return env
}

describe('host outage: the leader', () => {
  it('the one that fails first leads only until a higher-priority endpoint of the host fails too', () => {
    const { pool, sockets } = setup({ endpoints: [endpoint('queue', 1), endpoint('routes', 2)] })
    void pool.connect()
    advance(100)
    for (const s of sockets.all) s.open()
    advance(1000)
    sockets.last('routes').fail()
    sockets.last('queue').fail()
    expect(pool.health('routes').status).toBe('reconnecting')
    advance(100)
    expect(sockets.all.slice(2).map((s) => name(s.url))).toEqual(['queue'])
  })

  it('a leader that gives up (4403) hands the outage to the next in line, which probes at once; the rest follow it', () => {
    const { pool, sockets, transitions } = outage()
    advance(100)
    expect(sockets.all.slice(3).map((s) => name(s.url))).toEqual(['queue'])
    sockets.last('queue').serverClose(4403)
    expect(transitions.some((t) => t.name === 'routes' && t.reason === 'queue left the outage; routes probes')).toBe(true)
    expect(pool.health('metrics').status).toBe('reconnecting')
    advance(100)
    expect(sockets.all.slice(4).map((s) => name(s.url))).toEqual(['routes'])
    sockets.last('routes').fail()
    expect(pool.health('metrics').nextRetryAt).toBe(pool.health('routes').nextRetryAt)
    advance(10_000)
    expect(sockets.for('metrics')).toHaveLength(1) // metrics still waits for routes
    sockets.last('routes').open()
    sockets.last('routes').receive({ type: 'routes_update', data: {} })
    advance(100)
    expect(sockets.for('metrics')).toHaveLength(2)
    expect(sockets.for('queue')).toHaveLength(2) // the endpoint that gave up stays down
  })

  it('when the next leader gives up too, the last one left probes for itself', () => {
    const { pool, sockets } = outage()
    advance(100)
    sockets.last('queue').serverClose(4403)
    advance(100)
    sockets.last('routes').serverClose(4403)
    expect(pool.health('metrics').status).toBe('reconnecting')
    advance(100)
    expect(sockets.all.slice(3).map((s) => name(s.url))).toEqual(['queue', 'routes', 'metrics'])
  })
})

describe('firstInLine', () => {
  it('picks the highest priority (lowest number), then the earliest declared', () => {
    const a = { priority: 2, order: 0 }
    const b = { priority: 1, order: 2 }
    const c = { priority: 1, order: 1 }
    expect(firstInLine([a, b, c])).toBe(c)
    expect(firstInLine([a, c, b])).toBe(c)
    expect(firstInLine([a])).toBe(a)
    expect(firstInLine([])).toBeUndefined()
  })
})
