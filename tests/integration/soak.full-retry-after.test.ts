import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createConnectionPool, type ConnectionPool, type Transition } from 'zustand-realtime/transport'
import { startServer, type RunningServer } from '../../server/createServer'
import { DASHBOARD_FEEDS, wsPath } from '../../src/store/dashboard/feeds'

/**
 * Regression test for a bug the soak found (fixed in ba01309): after a 1013 "try again later" with
 * retryAfterMs, the shared host recovery declared the host back as soon as ANY socket of it opened,
 * even one the server closed with 1013 right after, and released every follower at once, ignoring
 * their retryAfterMs. A 1.5 s "full" spell gave endpoints 5 attempts inside the 3 s window, opened
 * their circuits, and recovery waited the whole circuit recoveryTimeout instead of ~retryAfterMs.
 * SPEC §3/§5: no endpoint reconnects sooner than retryAfterMs after its 1013.
 */

/** Timers may fire a millisecond or two early against Date.now(). */
const CLOCK_SLACK_MS = 10
const RETRY_AFTER_MS = 3000
let server: RunningServer | null = null
let pool: ConnectionPool | null = null
afterEach(async () => {
  pool?.disconnect()
  await server?.close()
  pool = null
  server = null
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('1013 with retryAfterMs and shared host recovery (reference server)', () => {
  it('a 1.5 s "full" spell: nobody retries inside retryAfterMs, no circuit opens, all back within retryAfterMs + backoff', async () => {
    server = await startServer({ port: 0, updateIntervalMs: 0, token: null })
    const base = server.wsBase
    const attempts: { feed: string; at: number }[] = []
    class Recording extends WebSocket {
      constructor(url: string) {
        attempts.push({ feed: url.split('/').pop() ?? '', at: Date.now() })
        super(url)
      }
    }
    const transitions: Transition[] = []
    pool = createConnectionPool({
      WebSocket: Recording, lifecycle: null, circuitBreaker: { recoveryTimeout: 60_000 },
      endpoints: DASHBOARD_FEEDS.map((feed) => ({ name: feed.name, priority: feed.priority, url: base + wsPath(feed.name) })),
    })
    pool.onTransition((t) => transitions.push(t))
    await pool.connect()
    const connectedPool = pool
    const allUp = () => connectedPool.endpoints.every((n) => connectedPool.health(n).status === 'connected')
    while (!allUp()) await sleep(20)
    await sleep(1200) // every socket stable (minUptime)

    const fullAt = Date.now()
    server.control.full(true, RETRY_AFTER_MS)
    server.control.dropAll(1012)
    await sleep(1500)
    server.control.full(false)
    const liftedAt = Date.now()
    while (!allUp() && Date.now() - liftedAt < 20_000) await sleep(20)

    // Per endpoint: after its first 1013, no new socket before retryAfterMs has passed.
    for (const feed of pool.endpoints) {
      const first1013 = transitions.find((t) => t.name === feed && t.at >= fullAt && t.code === 1013)
      if (first1013 === undefined) continue
      const early = attempts.filter((a) => a.feed === feed && a.at > first1013.at && a.at < first1013.at + RETRY_AFTER_MS - CLOCK_SLACK_MS)
      expect(early.map((a) => a.at - first1013.at), `${feed}: ms after its first 1013 at which sockets opened inside the retry-after window`).toEqual([])
    }
    expect(transitions.filter((t) => t.kind === 'circuit' && t.to === 'circuit open' && t.at >= fullAt)).toEqual([])
    expect(Date.now() - liftedAt).toBeLessThan(RETRY_AFTER_MS + 3000)
  }, 40_000)
})
