import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createDashboardStore, DASHBOARD_FEEDS, FEED_NAMES, type DashboardStoreOptions, type FeedOverrides } from 'zustand-realtime'
import type { RunningServer } from '../../server/createServer'
import { demoFeeds } from '../../src/demo/model/demoFeeds'
import { createTransportHarness, expectNoOpenSockets, waitFor, warmUp } from '../helpers/transportHarness'

/**
 * The dashboard store (Node, real sockets) against backends that are not ours (SPEC §10): the reference
 * server with foreign payloads (`payloads: 'foreign'`) and as the plan's old backend (`legacy: true`).
 */
const harness = createTransportHarness()
const stores: { transport: { disconnect(): void } }[] = []
beforeAll(warmUp)
afterEach(async () => {
  for (const store of stores.splice(0)) store.transport.disconnect()
  await harness.cleanup()
})
afterAll(expectNoOpenSockets)

const open = <const F extends FeedOverrides>(server: RunningServer, options: DashboardStoreOptions<F> = {}) => {
  const store = createDashboardStore(server.wsBase, { WebSocket, lifecycle: null, batch: 'microtask', devtools: { enabled: false }, ...options })
  stores.push(store)
  void store.transport.connect()
  return store
}

const snapshotOf = async (server: RunningServer, name: string): Promise<{ type: string; data: unknown; seq: number }> => {
  const response = await fetch(`${server.url}/api/v1/${name}`)
  return (await response.json()) as { type: string; data: unknown; seq: number }
}

describe('a backend with its own payloads (snake_case field names)', () => {
  it('with default settings every feed holds the data as the server sent it, and every feed is healthy', async () => {
    const server = await harness.server({ payloads: 'foreign' })
    const store = open(server)
    await waitFor('every slice filled', () => DASHBOARD_FEEDS.every((feed) => store.getState()[feed.key] !== null), { timeoutMs: 10_000 })
    for (const feed of DASHBOARD_FEEDS) {
      const sent = await snapshotOf(server, feed.name)
      expect(store.getState()[feed.key], feed.name).toEqual(sent.data)
      expect(JSON.stringify(sent.data), feed.name).toContain('updated_at')
      expect(store.getState().connections[feed.name]).toMatchObject({ status: 'connected', dataError: null })
    }
    expect(store.transport.metrics().messagesRejected).toBe(0)
  })

  it('with the demo\'s schemas every feed says Data error and why, quality at best poor, counted; nothing is written', async () => {
    const server = await harness.server({ payloads: 'foreign' })
    const store = open(server, { feeds: demoFeeds })
    await waitFor('a data error on every feed', () => FEED_NAMES.every((name) => store.getState().connections[name]?.dataError != null), { timeoutMs: 10_000 })
    for (const feed of DASHBOARD_FEEDS) {
      const health = store.getState().connections[feed.name]
      expect(health?.status).toBe('connected')
      expect(['poor', 'disconnected']).toContain(health?.quality)
      expect(health?.dataError?.message, feed.name).toMatch(new RegExp(`^${feed.name}: ${feed.messageType} rejected by its schema: data\\.`))
      expect(store.getState()[feed.key]).toBeNull()
    }
    expect(store.transport.metrics().messagesRejected).toBeGreaterThanOrEqual(8)
  })
})

describe('a rejected frame on our own backend', () => {
  it('turns the feed to a data error and back on the next good frame; the other feeds never notice', async () => {
    const server = await harness.server()
    const store = open(server, { feeds: demoFeeds })
    await waitFor('queue filled', () => store.getState().queue !== null, { timeoutMs: 10_000 })
    const before = store.getState().queue
    server.control.badData('queue')
    const error = await waitFor('queue data error', () => store.getState().connections.queue?.dataError, { timeoutMs: 5000 })
    expect(error.message).toBe('queue: queue_update rejected by its schema: data: expected an object, got string')
    expect(store.getState().queue).toBe(before)
    server.control.burst('queue', 1)
    await waitFor('data error cleared', () => store.getState().connections.queue?.dataError === null, { timeoutMs: 5000 })
    expect(store.getState().queue).not.toBe(before)
    for (const name of FEED_NAMES.filter((feed) => feed !== 'queue')) expect(store.getState().connections[name]?.dataError).toBeNull()
  })
})

describe('the plan\'s old backend (`legacy`): no snapshot on connect, no pong, every type on every socket', () => {
  it('fills all 8 feeds (first snapshot over HTTP), routes each update to its feed and applies it once', async () => {
    const server = await harness.server({ legacy: true })
    let routesApplied = 0
    const store = open(server, {
      feeds: { ...demoFeeds, routes: { schema: demoFeeds.routes.schema, select: (data: unknown) => { routesApplied += 1; return data } } },
    })
    await waitFor('every slice filled', () => DASHBOARD_FEEDS.every((feed) => store.getState()[feed.key] !== null), { timeoutMs: 10_000 })
    await waitFor('every socket open', () => FEED_NAMES.every((name) => store.getState().connections[name]?.status === 'connected'), { timeoutMs: 10_000 })
    for (const name of FEED_NAMES) expect(store.getState().connections[name]?.dataError, name).toBeNull()

    const applied = routesApplied
    const seq = store.getState().seq.routes
    const foreignBefore = store.transport.metrics().foreignFrames
    server.control.burst('routes', 1)
    await waitFor('the routes update on all 8 sockets', () => (store.transport.metrics().foreignFrames >= foreignBefore + 7 ? true : null), { timeoutMs: 5000 })
    await waitFor('routes seq moved', () => store.getState().seq.routes > seq, { timeoutMs: 5000 })
    expect(routesApplied - applied).toBe(1)
    expect(store.getState().seq.routes).toBe(seq + 1)
    const metrics = store.transport.metrics()
    // 8 copies of one update, applied once: every other copy is counted as foreign where it arrived (routed
    // away, or a repeat of the applied one) — 7 when the routes socket carried the first copy, else 8.
    const foreign = metrics.foreignFrames
    const delta = foreign - foreignBefore
    expect(delta).toBeGreaterThanOrEqual(7)
    expect(delta).toBeLessThanOrEqual(8)
    expect(metrics.messagesRejected).toBe(0)
  })
})
