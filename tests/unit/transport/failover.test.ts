import { describe, expect, it } from 'vitest'
import { failoverUrls } from 'zustand-realtime/transport'
import { currentFailoverUrl, failoverGroupOf } from '../../../src/transport/failover'
import { advance, setup, useFakeTransportTimers } from './fixture'

const urls = ['ws://a:1/ws/queue', 'ws://b:2/ws/queue', 'ws://c:3/ws/queue']

/** A seeded U[0,1) so "many clients" are many different draws, repeatably. */
const seeded = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}

describe('failoverUrls', () => {
  it('each call (one per connect attempt) goes to the next URL of this client\'s order, visiting all before repeating', () => {
    const url = failoverUrls(urls, { random: seeded(7) })
    const firstRound = [url(), url(), url()]
    expect(new Set(firstRound)).toEqual(new Set(urls))
    expect([url(), url(), url()]).toEqual(firstRound)
  })

  it('spreads clients over the URLs, and the clients of one killed URL over all the others', () => {
    const random = seeded(42)
    const clients = Array.from({ length: 3000 }, () => failoverUrls(urls, { random }))
    const first = clients.map((url) => url())
    const counts = (list: string[]) => urls.map((u) => list.filter((x) => x === u).length)
    for (const count of counts(first)) expect(count).toBeGreaterThan(800)
    // Instance a dies: its clients' next attempt lands on b or c, about half each (not all on one).
    const next = clients.filter((_, index) => first[index] === urls[0]).map((url) => url())
    const [onA, onB, onC] = counts(next)
    expect(onA).toBe(0)
    expect(Math.min(onB ?? 0, onC ?? 0) / next.length).toBeGreaterThan(0.4)
  })

  it('names one recovery group for every origin it may use, and reading it does not move the cursor', () => {
    const url = failoverUrls(['ws://b:2/x', 'ws://a:1/x', 'ws://a:1/y'], { random: () => 0 })
    expect(failoverGroupOf(url)).toBe('failover:ws://a:1,ws://b:2')
    expect(currentFailoverUrl(url)).toBeNull()
    const used = url()
    expect(failoverGroupOf(url)).toBe('failover:ws://a:1,ws://b:2')
    expect(currentFailoverUrl(url)).toBe(used)
    expect(failoverGroupOf(() => 'ws://a:1/x')).toBeNull()
    expect(failoverGroupOf('ws://a:1/x')).toBeNull()
  })

  it('throws a clear error for an empty list or a bad entry', () => {
    expect(() => failoverUrls([])).toThrow(/non-empty array/)
    expect(() => failoverUrls(['ws://a', ''])).toThrow(/non-empty URL strings/)
  })
})

describe('failoverUrls in a pool', () => {
  useFakeTransportTimers()

  it('a dropped socket reconnects to the next instance; shared recovery treats the instances as one cluster', () => {
    const make = (name: string) => ({ name, priority: 1 as const, url: failoverUrls(['ws://a/ws/' + name, 'ws://b/ws/' + name], { random: () => 0.99 }) })
    const { pool, sockets } = setup({ endpoints: [make('queue'), make('routes')], staggerMs: 10 })
    void pool.connect()
    advance(20)
    const [queue, routes] = [sockets.last('queue'), sockets.last('routes')]
    expect(queue.url).toBe('ws://a/ws/queue')
    queue.open()
    routes.open()
    advance(1000)
    // Instance a goes: both drop; one probes (on b) while the other waits for it, then follows.
    queue.fail()
    routes.fail()
    advance(600) // the first retry of a failing-over endpoint: U(0, jitterMax) = 500 ms with random 0.5
    expect(sockets.for('ws://b/').map((s) => s.url)).toEqual(['ws://b/ws/queue'])
    expect(pool.health('routes').status).toBe('reconnecting')
    sockets.last('queue').open()
    sockets.last('queue').receive({ type: 'queue_update', data: {}, seq: 1 })
    advance(20)
    expect(sockets.last('routes').url).toBe('ws://b/ws/routes')
  })

  it('the clients of a killed instance spread their move over jitterMax, not the 100 ms quick retry (no herd on the survivors)', () => {
    const retryAfterDrop = (random: number, url: string | (() => string)) => {
      const { pool, sockets } = setup({ endpoints: [{ name: 'queue', priority: 1, url }], random: () => random, reconnect: { jitterMax: 1000, firstRetryMax: 100 } })
      void pool.connect()
      advance(10)
      sockets.last('queue').open()
      advance(1500) // stable
      const droppedAt = Date.now()
      sockets.last('queue').fail()
      advance(2000)
      pool.disconnect()
      return (sockets.all[1]?.createdAt ?? Number.NaN) - droppedAt
    }
    const failover = (): (() => string) => failoverUrls(['ws://a/ws/queue', 'ws://b/ws/queue'], { random: () => 0.2 })
    expect(retryAfterDrop(0.1, failover())).toBe(100)
    expect(retryAfterDrop(0.9, failover())).toBe(900)
    // One server: the quick retry as before.
    expect(retryAfterDrop(0.9, 'ws://a/ws/queue')).toBe(90)
  })
})
