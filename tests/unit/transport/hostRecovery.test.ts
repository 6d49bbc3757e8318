import { describe, expect, it } from 'vitest'
import { firstInLine } from '../../../src/transport/hostRecovery'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

const name = (url: string) => url.split('/').pop()

/** `endpoints` on one host, each socket open and past minUptime (1 s). */
function allConnected(...endpoints: Array<ReturnType<typeof endpoint>>) {
  const env = setup({ endpoints })
  void env.pool.connect()
  advance(100 * endpoints.length) // the stagger
  for (const s of env.sockets.all) s.open()
  advance(1000)
  return env
}

/** queue (1), routes (2), metrics (3) on one host, all connected, then the host drops them all. */
function outage() {
  const env = allConnected(endpoint('queue', 1), endpoint('routes', 2), endpoint('metrics', 3))
  for (const s of [...env.sockets.all]) s.fail()
  return env
}

describe('host outage: the leader', () => {
  it('the one that fails first leads only until a higher-priority endpoint of the host fails too', () => {
    const { pool, sockets } = allConnected(endpoint('queue', 1), endpoint('routes', 2))
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

  it('an endpoint that fails while the leader\'s probe is in flight waits for that probe instead of leading a second one', () => {
    const { sockets, transitions } = allConnected(endpoint('queue', 1), endpoint('routes', 2), endpoint('metrics', 3), endpoint('alerts', 3))
    for (const s of sockets.all.filter((s) => name(s.url) !== 'alerts')) s.fail()
    advance(100)
    expect(sockets.all.slice(4).map((s) => name(s.url))).toEqual(['queue']) // queue's probe, still connecting
    sockets.last('alerts').fail()
    expect(transitions.at(-1)).toMatchObject({ name: 'alerts', to: 'waiting for host', reason: 'host outage: queue probes' })
    advance(5000) // well past alerts' own first retry
    expect(sockets.all.slice(4).map((s) => name(s.url))).toEqual(['queue'])
    sockets.last('queue').open()
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    advance(400)
    expect(sockets.all.slice(5).map((s) => name(s.url)).sort()).toEqual(['alerts', 'metrics', 'routes'])
  })

  it('a higher-priority endpoint that fails while the leader waits to retry takes the lead', () => {
    const { pool, sockets, transitions } = allConnected(endpoint('queue', 1), endpoint('routes', 2), endpoint('metrics', 3))
    sockets.last('metrics').fail()
    sockets.last('routes').fail() // routes leads; metrics follows it
    expect(pool.health('routes').status).toBe('reconnecting')
    sockets.last('queue').fail()
    expect(transitions.filter((t) => t.to === 'waiting for host').map((t) => [t.name, t.reason]).slice(-2)).toEqual([
      ['routes', 'host outage: queue probes'],
      ['metrics', 'host outage: queue probes'],
    ])
    advance(100)
    expect(sockets.all.slice(3).map((s) => name(s.url))).toEqual(['queue'])
  })

  it('an endpoint that fails while the leader\'s probe is open but not yet served waits for it too', () => {
    const { sockets } = allConnected(endpoint('queue', 1), endpoint('routes', 2), endpoint('metrics', 3))
    sockets.last('queue').fail()
    sockets.last('routes').fail()
    advance(100)
    sockets.last('queue').open() // no frame yet: the host is not proven back
    sockets.last('metrics').fail()
    advance(900) // past metrics' own first retry, short of queue's minUptime (1 s)
    expect(sockets.all.slice(3).map((s) => name(s.url))).toEqual(['queue'])
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    advance(300)
    expect(sockets.all.slice(3).map((s) => name(s.url))).toEqual(['queue', 'routes', 'metrics'])
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

describe('proof that the host is back (online) with every circuit of the host open', () => {
  /** queue (1), routes (2), metrics (3): each failed its own connect, so each circuit is open until 60 200; then offline. */
  function allCircuitsOpenThenOffline() {
    const env = setup({ endpoints: [endpoint('queue', 1), endpoint('routes', 2), endpoint('metrics', 3)], circuitBreaker: { failureThreshold: 1, recoveryTimeout: 60_000 } })
    void env.pool.connect()
    advance(200)
    for (const s of [...env.sockets.all]) s.fail()
    expect(Object.values(env.pool.healthAll()).map((h) => h.circuitOpenUntil)).toEqual([60_200, 60_200, 60_200])
    env.page.goOffline()
    advance(10_000)
    return env
  }

  it('only the first in line probes; the others wait for its probe, even past their own recovery timeout when it fails', () => {
    const { pool, sockets, page, transitions } = allCircuitsOpenThenOffline()
    page.goOnline()
    advance(1000)
    expect(sockets.all.slice(3).map((s) => name(s.url))).toEqual(['queue'])
    expect(transitions.filter((t) => t.at === 10_200 && t.to === 'waiting for host').map((t) => [t.name, t.reason])).toEqual([
      ['routes', 'host outage: queue probes'],
      ['metrics', 'host outage: queue probes'],
    ])
    sockets.last('queue').fail() // the early probe fails: queue's circuit re-opens until 71 200
    expect(pool.health('routes').nextRetryAt).toBe(pool.health('queue').nextRetryAt)
    advance(59_000) // past routes' and metrics' own 60 200
    expect(sockets.all.slice(3).map((s) => name(s.url))).toEqual(['queue'])
    advance(1000) // queue's own next probe, at 71 200
    expect(sockets.all.slice(3).map((s) => name(s.url))).toEqual(['queue', 'queue'])
    sockets.last('queue').open()
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    advance(300)
    expect(sockets.all.slice(3).map((s) => name(s.url))).toEqual(['queue', 'queue', 'routes', 'metrics'])
  })

  it('once its probe is served, the others reconnect at once, though their own circuits are still open', () => {
    const { pool, sockets, page, transitions } = allCircuitsOpenThenOffline()
    page.goOnline()
    sockets.last('queue').open()
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    expect(transitions.filter((t) => t.name === 'routes').at(-1)).toMatchObject({ to: 'queued', reason: 'host is back' })
    advance(300)
    expect(sockets.all.slice(3).map((s) => name(s.url))).toEqual(['queue', 'routes', 'metrics'])
    expect(pool.health('routes').circuitState).toBe('half-open')
    expect(transitions).toContainEqual(expect.objectContaining({ name: 'routes', from: 'circuit open', to: 'circuit half-open', reason: 'host is back: one probe now' }))
  })
})

describe('firstInLine', () => {
  it('picks the highest priority (lowest number), then the earliest declared', () => {
    const a = { priority: 2, order: 0 }
    const b = { priority: 1, order: 2 }
    const c = { priority: 1, order: 1 }
    expect(firstInLine([a, b, c])).toBe(c)
    expect(firstInLine([a, c, b])).toBe(c)
    expect(firstInLine([b, a])).toBe(b) // declared earlier does not outrank a higher priority
    expect(firstInLine([a])).toBe(a)
    expect(firstInLine([])).toBeUndefined()
  })
})
