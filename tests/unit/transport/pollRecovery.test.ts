import { describe, expect, it, vi } from 'vitest'
import type { EndpointConfig, FetchLike, PoolOptions } from 'zustand-realtime/transport'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

const NAMES = ['queue', 'adw-monitor', 'workflows', 'routes', 'workflow-history', 'planned-features', 'system-status', 'webhook-status']
const PRIORITIES = [1, 1, 2, 2, 2, 3, 3, 3] as const
const polled = (name: string, host = 'h'): EndpointConfig => ({
  ...endpoint(name, PRIORITIES[NAMES.indexOf(name)] ?? 2, host),
  // These sockets open without a snapshot: no one-off snapshot GET here, only the fallback's polls.
  poll: { url: `http://${host}/api/v1/${name}`, intervalMs: 5000, snapshotTimeoutMs: false },
})

/** A scripted HTTP host: down (fetch rejects), or answering with `status` (and `Retry-After`). */
function httpHost() {
  const host = { up: false, status: 200, retryAfter: null as string | null, calls: [] as { url: string; at: number }[] }
  const fetch = vi.fn<FetchLike>(async (url) => {
    host.calls.push({ url, at: Date.now() })
    if (!host.up) throw new TypeError('fetch failed')
    return {
      ok: host.status >= 200 && host.status < 300,
      status: host.status,
      headers: { get: (name: string) => (name.toLowerCase() === 'retry-after' ? host.retryAfter : null) },
      text: async () => JSON.stringify({ type: 'snapshot', data: url }),
    }
  })
  return Object.assign(host, { fetch })
}

/** 8 feeds on one host, all connected, then all dropped; the first failure opens the circuit (the others follow it). */
function feedsDown(options: Partial<PoolOptions> = {}) {
  const env = setup({ endpoints: NAMES.map((name) => endpoint(name, PRIORITIES[NAMES.indexOf(name)] ?? 2)), circuitBreaker: { failureThreshold: 1, recoveryTimeout: 60_000 }, ...options })
  void env.pool.connect()
  advance(700)
  for (const socket of env.sockets.all) socket.open()
  advance(1000)
  for (const socket of [...env.sockets.all]) socket.fail()
  // A stable socket's drop is not a failure; its quick retry (at 1750) failing is: every circuit opens at 1800.
  advance(100)
  env.sockets.last('queue').fail()
  return env
}

/** The same 8 feeds with their poll URLs, on a scripted HTTP host (down at first). */
function dashboardDown(options: Partial<PoolOptions> = {}, random = () => 0.5) {
  const http = httpHost()
  return { ...feedsDown({ fetch: http.fetch, random, endpoints: NAMES.map((name) => polled(name)), ...options }), http }
}

const OPENED_AT = 1800

const settle = () => vi.advanceTimersByTimeAsync(0)

describe('polls follow the shared recovery of their host', () => {
  it('while the host is down, one poll probe at a time for all 8 endpoints (the first in line asks)', async () => {
    const { pool, http } = dashboardDown()
    await settle()
    expect(Object.values(pool.healthAll()).every((h) => h.circuitState === 'open' && h.fallback === 'polling')).toBe(true)
    await vi.advanceTimersByTimeAsync(50_000)
    expect(http.calls.length).toBeGreaterThanOrEqual(4)
    expect(new Set(http.calls.map((c) => c.url))).toEqual(new Set(['http://h/api/v1/queue']))
    expect(new Set(http.calls.map((c) => c.at)).size).toBe(http.calls.length)
  })

  it('failed poll probes back off with jitter: interval, then twice it, each + U(0, interval / 5)', async () => {
    const gaps = async (draw: number) => {
      const start = Date.now()
      const { http } = dashboardDown({}, () => draw)
      await vi.advanceTimersByTimeAsync(40_000)
      return http.calls.slice(0, 4).map((c, i, all) => c.at - (i === 0 ? start : (all[i - 1]?.at ?? 0)))
    }
    // The circuit opened at 1800 (first poll at once), then 5000 + 1000·r, then 10000 + 1000·r.
    expect(await gaps(0.25)).toEqual([OPENED_AT, 5250, 10_250, 10_250])
    expect(await gaps(0.75)).toEqual([OPENED_AT, 5750, 10_750, 10_750])
  })

  it('honours Retry-After on 429 (seconds) and 503 (HTTP-date) when it asks for longer than the backoff', async () => {
    const { http, pool } = dashboardDown()
    await settle()
    http.up = true
    http.status = 429
    http.retryAfter = '30'
    await vi.advanceTimersByTimeAsync(5500) // second probe: 429, retry after 30 s
    expect(http.calls).toHaveLength(2)
    expect(pool.health('queue').lastError?.message).toBe('poll failed: HTTP 429 (the server asked to retry after 30 s)')
    await vi.advanceTimersByTimeAsync(29_900)
    expect(http.calls).toHaveLength(2)
    http.status = 503
    http.retryAfter = new Date(Date.now() + 100 + 45_000).toUTCString()
    await vi.advanceTimersByTimeAsync(100)
    expect(http.calls).toHaveLength(3)
    const third = http.calls[2]?.at ?? 0
    await vi.advanceTimersByTimeAsync(44_000)
    expect(http.calls).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(1100)
    expect(http.calls).toHaveLength(4)
    expect((http.calls[3]?.at ?? 0) - third).toBeGreaterThanOrEqual(44_000)
  })

  it('once a poll answers, each endpoint polls on its own schedule: never two in the same tick', async () => {
    // Every draw the same: only the host's gap keeps them apart.
    const { http, sockets } = dashboardDown({}, () => 0.5)
    await settle()
    http.up = true
    await vi.advanceTimersByTimeAsync(5500)
    // The early probe stays in `connecting` (the server never answers the socket): polling goes on.
    expect(sockets.last('queue').readyState).toBe(0)
    await vi.advanceTimersByTimeAsync(20_000)
    const answered = http.calls.filter((c) => c.at >= 6_950)
    expect(new Set(answered.map((c) => c.url)).size).toBe(8)
    const times = answered.map((c) => c.at).sort((a, b) => a - b)
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(100)
  })

  it('polls of different endpoints draw their own jitter (no common phase)', async () => {
    let n = 0
    const draws = [0.1, 0.9, 0.3, 0.7, 0.5, 0.2, 0.8, 0.4]
    const { http } = dashboardDown({}, () => draws[n++ % draws.length] ?? 0.5)
    await settle()
    http.up = true
    await vi.advanceTimersByTimeAsync(30_000)
    const firstOf = (name: string) => http.calls.find((c) => c.url.endsWith(`/${name}`) && c.at > OPENED_AT)?.at
    const firsts = NAMES.slice(1).map(firstOf)
    expect(firsts.every((t) => t !== undefined)).toBe(true)
    expect(new Set(firsts).size).toBe(7)
  })

  it('an endpoint without a poll URL never polls; on another host polls are separate', async () => {
    const http = httpHost()
    const { pool, sockets } = setup({
      fetch: http.fetch,
      endpoints: [polled('queue', 'a'), endpoint('routes', 2, 'a'), polled('workflows', 'b')],
      circuitBreaker: { failureThreshold: 1 },
    })
    void pool.connect()
    advance(300)
    for (const socket of sockets.all) socket.open()
    advance(1000)
    for (const socket of [...sockets.all]) socket.fail()
    advance(200)
    for (const socket of sockets.live()) socket.fail()
    await vi.advanceTimersByTimeAsync(100)
    expect(pool.health('routes')).toMatchObject({ circuitState: 'open', fallback: 'none' })
    expect(http.calls.map((c) => c.url).sort()).toEqual(['http://a/api/v1/queue', 'http://b/api/v1/workflows'])
  })
})

describe('proof that the host is back starts the half-open probe at once', () => {
  it('a poll that answers starts exactly one socket probe (the first in line); the others wait for it', async () => {
    const { pool, sockets, http, transitions } = dashboardDown()
    await vi.advanceTimersByTimeAsync(10_000)
    const before = sockets.all.length
    expect(pool.health('queue').circuitOpenUntil).toBe(OPENED_AT + 60_000)
    http.up = true
    await vi.advanceTimersByTimeAsync(10_500)
    expect(sockets.all.slice(before).map((s) => s.url.split('/').pop())).toEqual(['queue'])
    expect(pool.health('queue')).toMatchObject({ circuitState: 'half-open', circuitOpenUntil: null, status: 'reconnecting' })
    expect(transitions.some((t) => t.name === 'queue' && t.to === 'circuit half-open' && t.reason.includes('poll of the host answered'))).toBe(true)
    // The probe is served: the others follow, staggered, one socket each.
    sockets.last('queue').open()
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    advance(800)
    expect(sockets.all.slice(before).map((s) => s.url.split('/').pop())).toEqual(NAMES)
  })

  it('a failing early probe re-opens the circuit for a fresh recoveryTimeout, and no one else probed', async () => {
    const { pool, sockets, http } = dashboardDown()
    await settle()
    http.up = true
    await vi.advanceTimersByTimeAsync(5500)
    const probe = sockets.last('queue')
    expect(pool.health('queue').circuitState).toBe('half-open')
    const failedAt = Date.now()
    probe.fail()
    http.up = false // the server went down again
    expect(pool.health('queue')).toMatchObject({ circuitState: 'open', circuitOpenUntil: failedAt + 60_000 })
    expect(sockets.all.filter((s) => s.createdAt > OPENED_AT)).toEqual([probe])
    await vi.advanceTimersByTimeAsync(59_000)
    expect(sockets.all.filter((s) => s.createdAt > OPENED_AT)).toEqual([probe])
    expect(http.calls.filter((c) => c.at > failedAt).length).toBeGreaterThanOrEqual(4) // polls went on probing
  })

  it('the recoveryTimeout probe of a polled endpoint is one socket attempt, in the place of the next poll probe', async () => {
    const { sockets, http, pool } = dashboardDown({ circuitBreaker: { failureThreshold: 1, recoveryTimeout: 20_000 } })
    await vi.advanceTimersByTimeAsync(21_700)
    expect(sockets.all).toHaveLength(10)
    const probeAt = Date.now()
    sockets.last('queue').fail()
    expect(pool.health('queue').circuitState).toBe('open')
    const pollsAfter = http.calls.filter((c) => c.at >= probeAt - 5000).map((c) => c.at - probeAt)
    // Polls at ≈ -4.8 s (before the probe) and then ≥ 10 s after it: none right after the socket probe.
    expect(pollsAfter.filter((t) => t >= 0 && t < 10_000)).toEqual([])
    await vi.advanceTimersByTimeAsync(11_000)
    expect(http.calls.some((c) => c.at > probeAt)).toBe(true)
  })

  it.each([
    ['online', (page: ReturnType<typeof setup>['page']) => page.goOnline()],
    ['visible', (page: ReturnType<typeof setup>['page']) => { page.hide(); page.show() }],
  ])('the %s event starts exactly one half-open probe per host (no polls needed)', (_event, wake) => {
    const { pool, sockets, page } = feedsDown()
    advance(10_000)
    expect(sockets.all).toHaveLength(9)
    wake(page)
    advance(1000)
    expect(sockets.all.slice(9).map((s) => s.url.split('/').pop())).toEqual(['queue'])
    expect(pool.health('queue').circuitState).toBe('half-open')
    expect(pool.health('routes')).toMatchObject({ status: 'reconnecting', circuitState: 'half-open' })
    sockets.last('queue').open()
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    advance(800)
    expect(sockets.all.slice(9).map((s) => s.url.split('/').pop())).toEqual(NAMES)
  })

  it('online after being offline: the open circuit probes at once, not after recoveryTimeout', () => {
    const { pool, sockets, page } = feedsDown()
    page.goOffline()
    advance(10_000)
    expect(pool.health('queue').circuitState).toBe('open')
    page.goOnline()
    expect(pool.health('queue').circuitState).toBe('half-open')
    // Followers never failed themselves: their circuits are closed and they reconnect, staggered (SPEC §5 offline).
    advance(2000)
    expect(sockets.all.slice(9).map((s) => s.url.split('/').pop())).toEqual(NAMES)
    expect(Object.values(pool.healthAll()).every((h) => h.paused === false)).toBe(true)
  })

  it('online with every circuit closed changes nothing (no probe without an open circuit)', () => {
    const { pool, sockets, page } = setup({ endpoints: [endpoint('queue', 1)] })
    void pool.connect()
    sockets.last('queue').open()
    page.goOnline()
    advance(1000)
    expect(sockets.all).toHaveLength(1)
    expect(pool.health('queue').status).toBe('connected')
  })
})

describe('a host that answers polls but refuses sockets', () => {
  it('gets an early socket probe again on later answered polls, backing off like polls (≥ 5 s, then ≥ 10 s apart)', async () => {
    const { sockets, http, pool } = dashboardDown()
    await settle()
    http.up = true
    const probes = () => sockets.for('/queue').filter((s) => s.createdAt > OPENED_AT)
    for (let t = 0; t < 40_000; t += 50) {
      await vi.advanceTimersByTimeAsync(50)
      for (const probe of probes()) if (probe.readyState === 0) probe.serverClose(1006) // the upgrade is refused
    }
    const at = probes().map((s) => s.createdAt)
    expect(at.length).toBeGreaterThanOrEqual(3)
    expect(at.length).toBeLessThanOrEqual(5)
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0))
    expect(gaps[0]).toBeGreaterThanOrEqual(5000)
    for (const gap of gaps.slice(1)) expect(gap).toBeGreaterThanOrEqual(10_000)
    // Only the first in line ever probed; polls kept the data coming.
    expect(sockets.all.filter((s) => s.createdAt > OPENED_AT && !s.url.endsWith('/queue'))).toEqual([])
    expect(pool.health('routes').fallback).toBe('polling')
  })
})
