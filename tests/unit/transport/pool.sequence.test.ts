import { describe, expect, it, vi } from 'vitest'
import type { Message } from 'zustand-realtime/transport'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

const update = (seq: number, n = seq): Message => ({ type: 'queue_update', data: { n }, seq })

const received = (pool: ReturnType<typeof setup>['pool']) => {
  const messages: Message[] = []
  pool.subscribe('queue', (message) => messages.push(message))
  return messages
}

const connected = async (options: Parameters<typeof setup>[0] = {}) => {
  const fixture = setup(options)
  const messages = received(fixture.pool)
  void fixture.pool.connect()
  advance(1)
  fixture.sockets.last('queue').open()
  return { ...fixture, messages }
}

describe('seq checks on delivery', () => {
  it('a repeat or an older seq is dropped and counted, never delivered', async () => {
    const { pool, sockets, messages } = await connected()
    const socket = sockets.last('queue')
    for (const seq of [10, 11, 11, 9, 12]) socket.receive(update(seq))
    expect(messages.map((m) => m.seq)).toEqual([10, 11, 12])
    expect(pool.metrics().endpoints.queue).toMatchObject({ seqDropped: 2, gapsDetected: 0, resyncs: 0 })
    expect(pool.metrics().seqDropped).toBe(2)
    expect(pool.health('queue').sequence).toEqual({ lastSeq: 12, resyncing: false, gapsDetected: 0, resyncs: 0 })
  })

  it('without a poll URL, a gap reconnects the endpoint; the new socket\'s snapshot resets the baseline', async () => {
    const { pool, sockets, messages } = await connected()
    const first = sockets.last('queue')
    first.receive(update(1))
    first.receive(update(3))
    // The gapped frame is not delivered, and the socket is dropped for a fresh snapshot (4002).
    expect(messages.map((m) => m.seq)).toEqual([1])
    expect(first.closedByClient?.code).toBe(4002)
    expect(pool.metrics()).toMatchObject({ gapsDetected: 1, resyncs: 1, failures: 0 })
    expect(pool.health('queue').sequence).toMatchObject({ gapsDetected: 1, resyncs: 1 })
    // Through the scheduler, like any connect: at most staggerMs later.
    advance(100)
    const second = sockets.last('queue')
    expect(second).not.toBe(first)
    second.open()
    second.receive(update(7))
    second.receive(update(8))
    expect(messages.map((m) => m.seq)).toEqual([1, 7, 8])
    expect(pool.health('queue')).toMatchObject({ status: 'connected', lastError: null })
  })

  it('with a poll URL, a gap GETs the snapshot; frames sent meanwhile are held back, later ones apply on top', async () => {
    let snapshotSeq = 5
    const fetch = vi.fn(async (_url: string) => ({ ok: true, status: 200, text: async () => JSON.stringify(update(snapshotSeq, 500)) }))
    const { pool, sockets, messages } = await connected({ fetch, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/api/v1/queue' } }] })
    const socket = sockets.last('queue')
    socket.receive(update(1))
    socket.receive(update(4))
    socket.receive(update(5))
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(pool.health('queue').sequence?.resyncing).toBe(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(messages.map((m) => [m.seq, (m.data as { n: number }).n])).toEqual([[1, 1], [5, 500]])
    socket.receive(update(6))
    expect(messages.map((m) => m.seq)).toEqual([1, 5, 6])
    // The same socket stayed up the whole time.
    expect(socket.isLive).toBe(true)
    expect(pool.metrics().endpoints.queue).toMatchObject({ gapsDetected: 1, resyncs: 1 })
    snapshotSeq = 0
  })

  it('a resync snapshot older than what the socket sent meanwhile falls back to a new socket', async () => {
    const fetch = vi.fn(async (_url: string) => ({ ok: true, status: 200, text: async () => JSON.stringify(update(3)) }))
    const { sockets, messages } = await connected({ fetch, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/api/v1/queue' } }] })
    const socket = sockets.last('queue')
    socket.receive(update(1))
    socket.receive(update(3))
    socket.receive(update(4))
    await vi.advanceTimersByTimeAsync(0)
    expect(messages.map((m) => m.seq)).toEqual([1])
    expect(socket.closedByClient?.code).toBe(4002)
  })

  it('a failed resync GET is recorded and falls back to a new socket', async () => {
    const fetch = vi.fn(async (_url: string) => ({ ok: false, status: 503, text: async () => '{}' }))
    const { pool, sockets } = await connected({ fetch, endpoints: [{ ...endpoint('queue', 1), poll: { url: 'http://h/api/v1/queue' } }] })
    const socket = sockets.last('queue')
    socket.receive(update(1))
    socket.receive(update(3))
    await vi.advanceTimersByTimeAsync(0)
    expect(pool.health('queue').lastError?.message).toMatch(/resync GET failed: HTTP 503/)
    expect(socket.closedByClient?.code).toBe(4002)
  })

  it('checkSeq: false (per endpoint, or pool-wide) delivers every frame as before, with no sequence in health', async () => {
    for (const options of [{ checkSeq: false }, { endpoints: [{ ...endpoint('queue', 1), checkSeq: false }] }]) {
      const { pool, sockets, messages } = await connected(options)
      for (const seq of [1, 1, 5, 2]) sockets.last('queue').receive(update(seq))
      expect(messages.map((m) => m.seq)).toEqual([1, 1, 5, 2])
      expect(pool.health('queue').sequence).toBeUndefined()
      expect(pool.metrics()).toMatchObject({ gapsDetected: 0, seqDropped: 0 })
      pool.disconnect()
    }
  })

  it('frames without seq are never checked', async () => {
    const { pool, sockets, messages } = await connected()
    sockets.last('queue').receive(update(4))
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    expect(messages).toHaveLength(3)
    expect(pool.metrics().gapsDetected).toBe(0)
  })
})

describe('reconnect recovery (resumeWindowMs)', () => {
  it('a socket dropped within the window reconnects with ?since=<last seq>; the replay after "resumed" applies on top', async () => {
    const { pool, sockets, messages } = await connected({ resumeWindowMs: 5000 })
    const first = sockets.last('queue')
    first.receive(update(7))
    first.receive(update(8))
    advance(2000) // stable (minUptime): the next retry comes within firstRetryMax
    first.fail()
    advance(200)
    const second = sockets.last('queue')
    expect(second.url).toBe('ws://h/ws/queue?since=8')
    second.open()
    second.receive({ type: 'resumed', seq: 8 })
    second.receive(update(9))
    second.receive(update(10))
    // The control frame reaches no subscriber; nothing was dropped or resynced.
    expect(messages.map((m) => m.seq)).toEqual([7, 8, 9, 10])
    expect(pool.metrics().endpoints.queue).toMatchObject({ resumes: 1, gapsDetected: 0, seqDropped: 0 })
  })

  it('a server that answers with a snapshot instead is fine: the snapshot resets the baseline', async () => {
    const { sockets, messages } = await connected({ resumeWindowMs: 5000 })
    sockets.last('queue').receive(update(7))
    advance(2000)
    sockets.last('queue').fail()
    advance(200)
    sockets.last('queue').open()
    sockets.last('queue').receive(update(3))
    expect(messages.map((m) => m.seq)).toEqual([7, 3])
  })

  it('past the window the URL is left alone; with the default (off), always', async () => {
    const windowed = await connected({ resumeWindowMs: 500 })
    windowed.sockets.last('queue').receive(update(7))
    advance(2000)
    windowed.sockets.last('queue').fail()
    advance(200)
    expect(windowed.sockets.last('queue').url).toBe('ws://h/ws/queue?since=7')
    // That attempt fails too; the next one (backoff ≥ 1 s later) is past the window.
    windowed.sockets.last('queue').fail()
    advance(5000)
    expect(windowed.sockets.last('queue').url).toBe('ws://h/ws/queue')
    windowed.pool.disconnect()

    const off = await connected()
    off.sockets.last('queue').receive(update(7))
    advance(2000)
    off.sockets.last('queue').fail()
    advance(200)
    expect(off.sockets.last('queue').url).toBe('ws://h/ws/queue')
  })
})
