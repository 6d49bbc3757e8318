import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createDashboardStore, type DashboardStore } from 'zustand-realtime'
import { tabSharingOf } from 'zustand-realtime/transport'
import type { ServerMetrics } from '../../server/metrics'
import { FEED_NAMES } from '../../src/store/dashboard/feeds'
import { MemoryLocks } from '../helpers/memoryLocks'
import { spawnServer, type ServerProcess } from '../helpers/serverProcess'

const waitUntil = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

// Two "tabs" in one Node process: Node's real BroadcastChannel, one in-memory lock manager, real sockets to the reference server.
describe('tab sharing in Node against the reference server', () => {
  let server: ServerProcess
  let locks: MemoryLocks
  const stores: DashboardStore[] = []
  const metrics = async (): Promise<ServerMetrics> => (await fetch(`${server.url}/metrics`)).json() as Promise<ServerMetrics>
  const openTab = (id: string): DashboardStore => {
    const store = createDashboardStore(server.wsBase, {
      WebSocket, lifecycle: null, staggerMs: 20, batch: 'microtask',
      shareAcrossTabs: { locks: locks.client(id), BroadcastChannel, pageExit: null, channel: `node-tabs-${server.port}` },
    })
    stores.push(store)
    return store
  }
  const allConnected = (store: DashboardStore) => FEED_NAMES.every((name) => store.getState().connections[name]?.status === 'connected')

  beforeAll(async () => { server = await spawnServer(['--update-ms', '100']) })
  afterAll(async () => { await server.stop() })
  afterEach(() => { for (const store of stores.splice(0)) store.transport.disconnect() })

  it('two tabs: 8 sockets on the server, both stores fill every feed; the leader leaves and the other takes over without Disconnected', async () => {
    locks = new MemoryLocks()
    const a = openTab('a')
    void a.transport.connect()
    await waitUntil(() => allConnected(a), 'the first tab connects')
    const b = openTab('b')
    const bStatuses: string[] = []
    b.transport.onHealth((_, health) => bStatuses.push(health.status))
    void b.transport.connect()
    await waitUntil(() => allConnected(b), 'the second tab follows')
    expect(tabSharingOf(b.transport)?.state().role).toBe('follower')
    expect((await metrics()).connections.total).toBe(FEED_NAMES.length)
    for (const name of FEED_NAMES) expect(b.getState().seq[name]).toEqual(expect.any(Number))

    const accepts = (await metrics()).accepts
    a.transport.disconnect()
    await waitUntil(() => tabSharingOf(b.transport)?.state().role === 'leader' && allConnected(b), 'the second tab leads and is connected')
    const seqAtTakeover = b.getState().seq.queue ?? 0
    await waitUntil(() => (b.getState().seq.queue ?? 0) > seqAtTakeover, 'new data after the hand-off')
    const after = await metrics()
    expect(after.connections.total).toBe(FEED_NAMES.length)
    expect(after.accepts - accepts).toBe(FEED_NAMES.length)
    expect(bStatuses).not.toContain('disconnected')
  })
})
