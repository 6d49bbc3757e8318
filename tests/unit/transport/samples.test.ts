import { describe, expect, it } from 'vitest'
import type { TransportSample } from 'zustand-realtime/transport'
import { advance, setup, useFakeTransportTimers } from './fixture'

/** The pool's `onSample`: every timing as it is measured, for the metrics reporter. */
describe('pool.onSample', () => {
  useFakeTransportTimers()

  const listen = (pool: ReturnType<typeof setup>['pool']): TransportSample[] => {
    const samples: TransportSample[] = []
    pool.onSample?.((sample) => samples.push(sample))
    return samples
  }

  it('reports a ping round trip as rtt, in ms', async () => {
    const { pool, sockets } = setup({ heartbeat: { interval: 1000, timeout: 5000 } })
    const samples = listen(pool)
    await pool.connect()
    sockets.last('queue').open()
    sockets.last('queue').receive({ type: 'queue_update', data: {} })
    advance(1000)
    const ping = sockets.last('queue').sentFrames().find((frame) => frame.type === 'ping')
    expect(ping).toBeDefined()
    advance(42)
    sockets.last('queue').receive({ type: 'pong', timestamp: ping?.timestamp })
    expect(samples).toContainEqual({ kind: 'rtt', name: 'queue', ms: 42 })
  })

  it('reports drop → open again as reconnect', async () => {
    const { pool, sockets } = setup({ heartbeat: false })
    const samples = listen(pool)
    await pool.connect()
    sockets.last('queue').open()
    advance(5000) // stays up: stable
    const dropAt = Date.now()
    sockets.last('queue').fail()
    await advance(30_000)
    sockets.last('queue').open()
    const reconnect = samples.filter((sample) => sample.kind === 'reconnect')
    expect(reconnect).toHaveLength(1)
    expect(reconnect[0]?.ms).toBe(Date.now() - dropAt)
    expect(reconnect[0]?.ms).toBeGreaterThan(0)
  })

  it('reports now − publishedAt as freshness when the app accepts a message, and nothing without publishedAt', async () => {
    const { pool } = setup({ heartbeat: false })
    const samples = listen(pool)
    await pool.connect()
    advance(1000)
    pool.accept('queue', { type: 'queue_update', data: {}, publishedAt: Date.now() - 250 })
    pool.accept('queue', { type: 'queue_update', data: {} })
    pool.reject('queue', { type: 'queue_update', data: {}, publishedAt: Date.now() - 10 }, 'bad')
    expect(samples).toEqual([{ kind: 'freshness', name: 'queue', ms: 250 }])
  })

  it('stops after unsubscribe', async () => {
    const { pool } = setup({ heartbeat: false })
    const samples: TransportSample[] = []
    const stop = pool.onSample?.((sample) => samples.push(sample))
    await pool.connect()
    pool.accept('queue', { type: 'queue_update', publishedAt: Date.now() })
    stop?.()
    pool.accept('queue', { type: 'queue_update', publishedAt: Date.now() })
    expect(samples).toHaveLength(1)
  })
})
