import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { createConnectionPool, type EndpointHealth, type FetchLike, type PoolOptions, type Transition } from 'zustand-realtime/transport'
import { fakePage, fakeSockets, type FakeSocket } from '../helpers/fakeWebSocket'

/**
 * Random event sequences (server actions, network failures, time, page lifecycle, chaos,
 * connect/disconnect) driven through a real pool with fake sockets and fake timers. After
 * every step each endpoint's health must be self-consistent and match what the sockets do.
 */

/** Override with PROPERTY_SEED / PROPERTY_RUNS to explore further. */
const SEED = Number(process.env.PROPERTY_SEED ?? 424_242)
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200)

const ENDPOINTS = [
  { name: 'queue', priority: 1 as const, host: 'a' },
  { name: 'workflows', priority: 2 as const, host: 'a' },
  { name: 'routes', priority: 3 as const, host: 'b' },
]
const NAMES = ENDPOINTS.map((e) => e.name)

type Action =
  | { kind: 'open' | 'fail' | 'pong' | 'garbage' | 'update'; ep: number }
  | { kind: 'serverClose'; ep: number; code: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'page'; what: 'hide' | 'show' | 'offline' | 'online' }
  | { kind: 'chaos'; what: 'kill' | 'trip' | 'reset' | 'dropPongs' | 'latency' | 'block' | 'offline' | 'clear'; ep: number; on: boolean }
  | { kind: 'disconnect' | 'connect' }

const ep = fc.integer({ min: 0, max: ENDPOINTS.length - 1 })
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('open' as const), ep }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('fail' as const, 'pong' as const, 'garbage' as const, 'update' as const, 'update' as const), ep }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('serverClose' as const), ep, code: fc.constantFrom(1000, 1001, 1006, 1011, 1012, 1013, 4000, 4401) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40_000 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('page' as const), what: fc.constantFrom('hide' as const, 'show' as const, 'offline' as const, 'online' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('chaos' as const), what: fc.constantFrom('kill' as const, 'trip' as const, 'reset' as const, 'dropPongs' as const, 'latency' as const, 'block' as const, 'offline' as const, 'clear' as const), ep, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('disconnect' as const, 'connect' as const) }) },
)

const options = fc.record({
  staggerMs: fc.integer({ min: 0, max: 200 }),
  hiddenGraceMs: fc.integer({ min: 0, max: 3000 }),
  baseDelay: fc.integer({ min: 1, max: 3000 }),
  minUptime: fc.integer({ min: 0, max: 2000 }),
  jitter: fc.constantFrom('additive' as const, 'full' as const, 'decorrelated' as const),
  failureThreshold: fc.integer({ min: 1, max: 6 }),
  recoveryTimeout: fc.integer({ min: 0, max: 30_000 }),
  halfOpenMaxAttempts: fc.integer({ min: 1, max: 3 }),
  heartbeatInterval: fc.integer({ min: 100, max: 5000 }),
  heartbeatTimeout: fc.integer({ min: 50, max: 2000 }),
  sharedRecovery: fc.boolean(),
  seed: fc.integer(),
})

/** mulberry32, so the pool's jitter is random but replays with the property's seed. */
const seeded = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pollFetch: FetchLike = async () => ({ ok: true, status: 200, text: async () => JSON.stringify({ type: 'poll_update', data: 1 }) })

const flushMicrotasks = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

/** Legal circuit changes and the reason the connection gives for each (SPEC §5; trip/reset are chaos). */
const legalCircuitReason = (from: string, to: string, reason: string): boolean => {
  const step = `${from.replace('circuit ', '')}→${to.replace('circuit ', '')}`
  if (reason === 'circuit tripped (chaos)') return to === 'circuit open'
  if (reason === 'circuit reset') return to === 'circuit closed'
  switch (step) {
    case 'closed→open': return /^\d+ consecutive failures$/.test(reason)
    case 'half-open→open': return /^\d+ consecutive failures$/.test(reason)
    // …or proof that the host is back (a poll answered, online, visible): issue 11's early probe.
    case 'open→half-open': return reason === 'recovery timeout elapsed: one probe' || /: one probe now$/.test(reason)
    case 'half-open→closed': return reason === 'connection stayed up'
    default: return false
  }
}

function checkHealth(name: string, h: EndpointHealth, live: FakeSocket[], emitted: EndpointHealth | undefined): void {
  const where = `${name}: ${JSON.stringify({ status: h.status, circuit: h.circuitState, paused: h.paused, fallback: h.fallback, nextRetryAt: h.nextRetryAt, live: live.length })}`
  expect(h.isConnected, where).toBe(h.status === 'connected')
  expect(h.connectionQuality, where).toBe(h.quality)
  expect(h.lastUpdated, where).toBe(h.lastMessageTime)
  if (h.fallback === 'polling') expect(h.circuitState, where).not.toBe('closed')
  if (h.nextRetryAt !== null) expect(h.status, where).toBe('reconnecting')
  expect(live.length, where).toBeLessThanOrEqual(1)
  if (h.status === 'connected') expect(live[0]?.readyState, where).toBe(1)
  if (h.paused !== false) {
    expect(h.status, where).toBe('disconnected')
    expect(live.length, where).toBe(0)
  }
  if (h.quality !== 'disconnected') expect(h.isConnected, where).toBe(true)
  expect(h.connectedAt !== null, where).toBe(h.isConnected)
  // What listeners (the store) last heard agrees with the pool on everything that names a state.
  if (emitted !== undefined) {
    const pick = (x: EndpointHealth) => ({ status: x.status, circuitState: x.circuitState, fallback: x.fallback, paused: x.paused, nextRetryAt: x.nextRetryAt })
    expect(pick(emitted), `last emitted health of ${name}`).toEqual(pick(h))
  }
}

type Options = typeof options extends fc.Arbitrary<infer O> ? O : never

async function run(opts: Options, actions: readonly Action[]): Promise<void> {
  vi.useFakeTimers({ now: 0 })
  const sockets = fakeSockets()
  const page = fakePage()
  const poolOptions: PoolOptions = {
    WebSocket: sockets.WebSocket,
    lifecycle: page.lifecycle,
    fetch: pollFetch,
    random: seeded(opts.seed),
    staggerMs: opts.staggerMs,
    hiddenGraceMs: opts.hiddenGraceMs,
    sharedRecovery: opts.sharedRecovery,
    reconnect: { baseDelay: opts.baseDelay, minUptime: opts.minUptime, jitter: opts.jitter },
    circuitBreaker: { failureThreshold: opts.failureThreshold, recoveryTimeout: opts.recoveryTimeout, halfOpenMaxAttempts: opts.halfOpenMaxAttempts },
    heartbeat: { interval: opts.heartbeatInterval, timeout: opts.heartbeatTimeout },
    endpoints: ENDPOINTS.map((e) => ({ name: e.name, priority: e.priority, url: `ws://${e.host}/ws/${e.name}`, poll: { url: `http://${e.host}/${e.name}`, intervalMs: 1000 } })),
  }
  const pool = createConnectionPool(poolOptions)
  const emitted = new Map<string, EndpointHealth>()
  const circuits: Transition[] = []
  pool.onHealth((name, h) => emitted.set(name, h))
  pool.onTransition((t) => { if (t.kind === 'circuit') circuits.push(t) })
  const liveOf = (name: string) => sockets.for(`/ws/${name}`).filter((s) => s.isLive)
  const check = () => {
    for (const name of NAMES) checkHealth(name, pool.health(name), liveOf(name), emitted.get(name))
    for (const t of circuits) expect(legalCircuitReason(t.from, t.to, t.reason), `${t.name}: ${t.from}→${t.to} (${t.reason})`).toBe(true)
  }
  const checkStopped = () => {
    expect(vi.getTimerCount(), 'timers left after disconnect').toBe(0)
    expect(sockets.live(), 'sockets left after disconnect').toEqual([])
  }
  try {
    void pool.connect()
    for (const a of actions) {
      const name = 'ep' in a ? (NAMES[a.ep] ?? 'queue') : 'queue'
      const latest = sockets.for(`/ws/${name}`).at(-1)
      switch (a.kind) {
        case 'open': {
          // Give the scheduler its stagger slot first, so opens meet sockets rather than queued endpoints.
          if (!(latest?.readyState === 0 && latest.isLive)) await vi.advanceTimersByTimeAsync(opts.staggerMs + 1)
          const socket = sockets.for(`/ws/${name}`).at(-1)
          if (socket?.readyState === 0 && socket.isLive) socket.open()
          break
        }
        case 'fail': if (latest?.isLive) latest.fail(); break
        case 'update': if (latest?.readyState === 1 && latest.isLive) latest.receive({ type: `${name}_update`, data: 1 }); break
        case 'garbage': if (latest?.readyState === 1 && latest.isLive) latest.receive('{"not json'); break
        case 'pong': {
          const ping = latest?.isLive && latest.readyState === 1 ? latest.sentFrames().filter((f) => f.type === 'ping').at(-1) : undefined
          if (latest && ping) latest.receive({ type: 'pong', timestamp: ping.timestamp })
          break
        }
        case 'serverClose':
          if (latest?.isLive) latest.serverClose(a.code, a.code === 1013 ? JSON.stringify({ retryAfterMs: 1500 }) : '')
          break
        case 'advance': await vi.advanceTimersByTimeAsync(a.ms); break
        case 'page':
          if (a.what === 'hide') page.hide()
          else if (a.what === 'show') page.show()
          else if (a.what === 'offline') page.goOffline()
          else page.goOnline()
          break
        case 'chaos':
          if (a.what === 'kill') pool.chaos.kill(name)
          else if (a.what === 'trip') pool.chaos.tripCircuit(name)
          else if (a.what === 'reset') pool.chaos.resetCircuit(name)
          else if (a.what === 'dropPongs') pool.chaos.dropPongs(name, a.on)
          else if (a.what === 'latency') pool.chaos.latency(name, a.on ? 300 : 0)
          else if (a.what === 'block') pool.chaos.blockConnects(name, a.on)
          else if (a.what === 'offline') pool.chaos.offline(a.on)
          else pool.chaos.clear()
          break
        case 'disconnect': pool.disconnect(); await flushMicrotasks(); checkStopped(); break
        case 'connect': void pool.connect(); break
      }
      await flushMicrotasks()
      check()
    }
  } finally {
    pool.disconnect()
    await flushMicrotasks()
    try {
      checkStopped()
    } finally {
      vi.useRealTimers()
    }
  }
}

describe('pool health invariants (property-based, fake sockets + fake timers)', () => {
  it('hold after every step of any sequence, and disconnect leaves no timer and no socket', async () => {
    await fc.assert(
      fc.asyncProperty(options, fc.array(action, { minLength: 1, maxLength: 80 }), (opts, actions) => run(opts, actions)),
      { seed: SEED, numRuns: RUNS },
    )
    }, 120_000)
})
