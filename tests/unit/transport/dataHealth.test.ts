import { describe, expect, it, vi } from 'vitest'
import type { FrameEvent, Message } from 'zustand-realtime/transport'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

const update = (data: unknown, seq?: number): Message => ({ type: 'queue_update', data, ...(seq === undefined ? {} : { seq }) })

describe('dataError: never green over empty', () => {
  it('a rejected message sets dataError and lastError, counts messagesRejected and caps quality at poor; the next accepted one clears it', () => {
    const { pool, sockets } = setup()
    void pool.connect()
    sockets.last('queue').open()
    sockets.last('queue').receive(update(1))
    expect(pool.health('queue')).toMatchObject({ quality: 'excellent', dataError: null })

    advance(10)
    pool.reject('queue', update('bad'), 'queue: data.phases: expected an array')
    pool.reject('queue', update('worse'), 'queue: data: expected an object')
    expect(pool.health('queue')).toMatchObject({
      status: 'connected',
      quality: 'poor',
      connectionQuality: 'poor',
      dataError: { message: 'queue: data: expected an object', at: 10, count: 2 },
      lastError: { message: 'queue: data: expected an object', at: 10 },
    })
    expect(pool.metrics()).toMatchObject({ messagesRejected: 2, endpoints: { queue: { messagesRejected: 2 } } })

    pool.accept('queue', update(2))
    expect(pool.health('queue')).toMatchObject({ dataError: null, quality: 'excellent' })
    expect(pool.health('queue').lastError?.message).toBe('queue: data: expected an object')
  })

  it('the first rejection is emitted at once, so a store shows it without waiting for the next message', () => {
    const { pool, sockets } = setup()
    const seen: (string | null)[] = []
    pool.onHealth((_, health) => seen.push(health.dataError?.message ?? null))
    void pool.connect()
    sockets.last('queue').open()
    seen.length = 0
    pool.reject('queue', update(0), 'nope')
    expect(seen).toEqual(['nope'])
    pool.accept('queue', update(1))
    expect(seen).toEqual(['nope', null])
  })

  it('an unreadable frame is a data error until the next frame that parses (no app verdict needed)', () => {
    const { pool, sockets } = setup()
    void pool.connect()
    sockets.last('queue').open()
    sockets.last('queue').receive('not json {')
    expect(pool.health('queue').dataError).toMatchObject({ message: expect.stringMatching(/not JSON/), count: 1 })
    expect(pool.metrics()).toMatchObject({ messagesDropped: 1, messagesRejected: 0 })
    sockets.last('queue').receive(update(1))
    expect(pool.health('queue').dataError).toBeNull()
  })

  it('an app rejection is not cleared by a frame that merely parses: only accept() clears it', () => {
    const { pool, sockets } = setup()
    void pool.connect()
    sockets.last('queue').open()
    pool.reject('queue', update(0), 'schema said no')
    sockets.last('queue').receive(update(1))
    expect(pool.health('queue').dataError?.message).toBe('schema said no')
  })
})

describe('routing by type (a backend that sends every type on every socket)', () => {
  const typed = [
    { ...endpoint('queue', 1), types: ['queue_update'] },
    { ...endpoint('routes', 2), types: ['routes_update'] },
  ]

  const connected = () => {
    const fixture = setup({ endpoints: typed, staggerMs: 0 })
    const received: Record<string, Message[]> = { queue: [], routes: [] }
    for (const name of ['queue', 'routes']) fixture.pool.subscribe(name, (message) => received[name]?.push(message))
    void fixture.pool.connect()
    advance(0)
    fixture.sockets.last('queue').open()
    fixture.sockets.last('routes').open()
    return { ...fixture, received }
  }

  it('delivers a frame to the endpoint that owns its type, whichever socket carried it, and counts it as foreign there', () => {
    const { pool, sockets, received } = connected()
    sockets.last('queue').receive({ type: 'routes_update', data: 'r1' })
    expect(received.routes).toEqual([{ type: 'routes_update', data: 'r1' }])
    expect(received.queue).toEqual([])
    expect(pool.metrics()).toMatchObject({ foreignFrames: 1, endpoints: { queue: { foreignFrames: 1, messagesIn: 1 }, routes: { foreignFrames: 0 } } })
  })

  it('applies a frame that arrives on several sockets once: by seq when it has one', () => {
    const { pool, sockets, received } = connected()
    sockets.last('routes').receive({ type: 'routes_update', data: 'r', seq: 4 })
    sockets.last('queue').receive({ type: 'routes_update', data: 'r', seq: 4 })
    sockets.last('queue').receive({ type: 'routes_update', data: 'r', seq: 5 })
    sockets.last('routes').receive({ type: 'routes_update', data: 'r', seq: 5 })
    expect(received.routes?.map((message) => message.seq)).toEqual([4, 5])
    expect(pool.metrics().endpoints.queue?.foreignFrames).toBe(2)
    expect(pool.metrics().endpoints.routes?.foreignFrames).toBe(1)
  })

  it('without seq, by equal content within the window; the same socket repeating itself is a new update', () => {
    const { sockets, received } = connected()
    sockets.last('queue').receive(update({ n: 1, list: [1, 2] }))
    sockets.last('routes').receive(update({ list: [1, 2], n: 1 }))
    sockets.last('routes').receive(update({ n: 2 }))
    sockets.last('queue').receive(update({ n: 1, list: [1, 2] }))
    expect(received.queue?.map((message) => message.data)).toEqual([{ n: 1, list: [1, 2] }, { n: 2 }, { n: 1, list: [1, 2] }])
    advance(2500)
    sockets.last('routes').receive(update({ n: 2 }))
    expect(received.queue).toHaveLength(4)
  })

  it('rejects a type no endpoint owns on the socket that carried it', () => {
    const { pool, sockets, received } = connected()
    sockets.last('queue').receive({ type: 'welcome', data: {} })
    expect(received.queue).toEqual([])
    expect(pool.health('queue').dataError?.message).toBe('unknown message type "welcome": no endpoint owns it (known types: queue_update, routes_update)')
    expect(pool.metrics().endpoints.queue?.messagesRejected).toBe(1)
  })

  it('leaves endpoints without types as they were: every frame of their socket goes to them', () => {
    const fixture = setup({ endpoints: [...typed, endpoint('raw', 3)], staggerMs: 0 })
    const raw: Message[] = []
    fixture.pool.subscribe('raw', (message) => raw.push(message))
    void fixture.pool.connect()
    advance(0)
    fixture.sockets.last('raw').open()
    fixture.sockets.last('raw').receive({ type: 'anything', data: 1 })
    expect(raw).toEqual([{ type: 'anything', data: 1 }])
  })

  it('refuses a type claimed by two endpoints', () => {
    expect(() => setup({ endpoints: [{ ...endpoint('a'), types: ['x'] }, { ...endpoint('b'), types: ['x'] }] })).toThrow(
      'message type "x" is claimed by both "a" and "b"',
    )
    expect(() => setup({ endpoints: [{ ...endpoint('a'), types: [''] }] })).toThrow('endpoints[0].types must be an array of non-empty message type strings')
  })
})

describe('first snapshot over HTTP (a backend that sends none on connect)', () => {
  const snapshotFetch = () =>
    vi.fn(async (url: string) => ({ ok: true, status: 200, text: async () => JSON.stringify({ type: `${url.split('/').pop()}_update`, data: 'from http' }) }))

  it('GETs one snapshot when an open socket brought no data within snapshotTimeoutMs, and delivers it', async () => {
    const fetch = snapshotFetch()
    const { pool, sockets } = setup({ fetch, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/api/v1/queue' } }] })
    const received: Message[] = []
    pool.subscribe('queue', (message) => received.push(message))
    void pool.connect()
    sockets.last('queue').open()
    await vi.advanceTimersByTimeAsync(999)
    expect(fetch).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(received).toEqual([{ type: 'queue_update', data: 'from http' }])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(pool.health('queue').fallback).toBe('none')
  })

  /** queue and routes, typed, both open; `routesPolls` gives routes a poll URL too. */
  const twoOpen = (routesPolls: boolean) => {
    const fetch = snapshotFetch()
    const fixture = setup({
      fetch,
      staggerMs: 0,
      endpoints: [
        { ...endpoint('queue', 1), types: ['queue_update'], poll: { url: 'http://h/api/v1/queue' } },
        { ...endpoint('routes', 1), types: ['routes_update'], ...(routesPolls ? { poll: { url: 'http://h/api/v1/routes' } } : {}) },
      ],
    })
    void fixture.pool.connect()
    advance(0)
    fixture.sockets.last('queue').open()
    fixture.sockets.last('routes').open()
    return { ...fixture, fetch }
  }

  it('fetches nothing when data arrives in time, also when another socket carried it', async () => {
    const { sockets, fetch } = twoOpen(true)
    sockets.last('queue').receive({ type: 'routes_update', data: 'r' })
    sockets.last('queue').receive({ type: 'queue_update', data: 'q' })
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('a frame routed away does not count as this endpoint\'s data', async () => {
    const { sockets, fetch } = twoOpen(false)
    sockets.last('queue').receive({ type: 'routes_update', data: 'r' })
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['http://h/api/v1/queue'])
  })

  it('no timer or request outlives disconnect(); snapshotTimeoutMs: false turns it off', async () => {
    const fetch = snapshotFetch()
    const { pool, sockets } = setup({ fetch, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/q' } }] })
    void pool.connect()
    sockets.last('queue').open()
    pool.disconnect()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetch).not.toHaveBeenCalled()

    const off = setup({ fetch, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/q', snapshotTimeoutMs: false } }] })
    void off.pool.connect()
    off.sockets.last('queue').open()
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('a failed snapshot GET is recorded in lastError and not retried', async () => {
    const fetch = vi.fn(async () => ({ ok: false, status: 500, text: async () => '' }))
    const { pool, sockets } = setup({ fetch, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/q' } }] })
    void pool.connect()
    sockets.last('queue').open()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(pool.health('queue').lastError?.message).toBe('no snapshot on connect, and the snapshot GET failed: HTTP 500')
  })
})

describe('onFrame: the frame inspector feed', () => {
  it('reports frames in and out, the transport\'s own verdicts at once and the app\'s as they come; nothing after unsubscribe', () => {
    const { pool, sockets } = setup({ endpoints: [{ ...endpoint('queue', 1), types: ['queue_update'] }], heartbeat: { interval: 100, timeout: 1000 } })
    const events: FrameEvent[] = []
    const stop = pool.onFrame((event) => events.push(event))
    void pool.connect()
    sockets.last('queue').open()
    sockets.last('queue').receive(update(1))
    sockets.last('queue').receive('garbage')
    sockets.last('queue').receive({ type: 'other', data: 0 })
    pool.reject('queue', update(1), 'bad')
    advance(100)
    const summary = events.map((event) =>
      event.kind === 'frame' ? `${event.direction} ${typeof event.body === 'string' ? event.body.slice(0, 15) : event.body.type}${event.verdict ? ` ${event.verdict.kind}` : ''}` : `verdict ${event.verdict.kind}`)
    expect(summary).toEqual(['in queue_update', 'in garbage dropped', 'in other', 'verdict rejected', 'verdict rejected', `out {"type":"ping",`])
    stop()
    sockets.last('queue').receive(update(2))
    expect(events).toHaveLength(6)
  })
})
