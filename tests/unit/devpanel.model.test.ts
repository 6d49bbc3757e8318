// @vitest-environment jsdom
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDashboardStore, type DashboardStore, type DashboardStoreOptions, type EndpointHealth } from 'zustand-realtime'
import { createDevPanelModel, type DevPanelModel, type TimelineExport } from 'zustand-realtime/devpanel'
import { createMockBackend } from 'zustand-realtime/mocks'

const BASE = 'ws://devpanel-model.test'
const backend = createMockBackend({ baseUrl: BASE })
const server = setupServer(...backend.handlers)
let store: DashboardStore
let model: DevPanelModel | null = null

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms)

const connectedStore = async (options: DashboardStoreOptions = {}) => {
  store = createDashboardStore(BASE, { lifecycle: null, random: () => 0.5, batch: 'none', devtools: { enabled: false }, ...options })
  return store
}
const startModel = (): DevPanelModel => {
  model = createDevPanelModel(store)
  return model
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => {
  server.close()
  backend.dispose()
})
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(async () => {
  model?.dispose()
  model = null
  store.transport.disconnect()
  await advance(10)
  expect(backend.connections()).toBe(0)
  expect(vi.getTimerCount()).toBe(0)
  backend.reset()
  vi.useRealTimers()
})

describe('createDevPanelModel', () => {
  it('subscribes to the store and to transitions once, however many listeners it has', async () => {
    await connectedStore()
    const storeSubscribe = vi.spyOn(store, 'subscribe')
    const onTransition = vi.spyOn(store.transport, 'onTransition')
    const panel = startModel()
    const listeners = [vi.fn(), vi.fn(), vi.fn()]
    const stops = listeners.map((listener) => panel.subscribe(listener))
    void store.transport.connect()
    await advance(1500)

    expect(storeSubscribe).toHaveBeenCalledTimes(1)
    expect(onTransition).toHaveBeenCalledTimes(1)
    for (const listener of listeners) expect(listener).toHaveBeenCalled()
    for (const stop of stops) stop()
  })

  it('shows exactly the store health, keeps the snapshot stable between changes, and shares unchanged rows', async () => {
    await connectedStore()
    const panel = startModel()
    void store.transport.connect()
    await advance(1500)

    const first = panel.getSnapshot()
    expect(panel.getSnapshot()).toBe(first)
    expect(first.endpoints.map((view) => view.name)).toEqual(store.transport.endpoints)
    const connections: Record<string, EndpointHealth> = store.getState().connections
    for (const view of first.endpoints) expect(view.health).toBe(connections[view.name])
    expect(first.summary).toMatchObject({ connected: 8, total: 8, severity: 'ok', text: '8/8 connected' })

    store.transport.chaos.tripCircuit('queue')
    const second = panel.getSnapshot()
    expect(second).not.toBe(first)
    expect(second.endpoints[0]?.health.circuitState).toBe('open')
    expect(second.endpoints[0]?.activeChaos).toEqual(['circuit tripped'])
    expect(second.endpoints[1]).toBe(first.endpoints[1])
    expect(second.summary).toMatchObject({ openCircuits: 1, severity: 'error', text: '7/8 connected, 1 open circuit, 1 polling, chaos on' })
  })

  it('keeps the last 200 transitions, oldest first, with their reasons', async () => {
    await connectedStore()
    const panel = startModel()
    for (let toggle = 0; toggle < 250; toggle += 1) store.transport.chaos.dropPongs('routes', toggle % 2 === 0)

    const { transitions } = panel.getSnapshot()
    expect(transitions).toHaveLength(200)
    expect(transitions.every((transition) => transition.kind === 'chaos' && transition.name === 'routes')).toBe(true)
    expect(transitions.at(-1)?.reason).toBe('chaos: drop pongs off') // the 250th
    expect(transitions[0]?.reason).toBe('chaos: drop pongs on') // the 51st
  })

  it('exports the timeline as JSON, all of it or one endpoint', async () => {
    await connectedStore()
    const panel = startModel()
    void store.transport.connect()
    await advance(1500)
    store.transport.chaos.kill('queue')
    await advance(1000)

    const all: TimelineExport = JSON.parse(panel.exportTimeline())
    expect(all.endpoint).toBeNull()
    expect(all.count).toBe(panel.getSnapshot().transitions.length)
    expect(new Set(all.transitions.map((transition) => transition.name))).toEqual(new Set(store.transport.endpoints))

    const queue: TimelineExport = JSON.parse(panel.exportTimeline('queue'))
    expect(queue.endpoint).toBe('queue')
    expect(queue.transitions.every((transition) => transition.name === 'queue')).toBe(true)
    expect(queue.transitions.map((transition) => transition.reason)).toEqual(expect.arrayContaining(['chaos: kill (1006)', 'closed 1006: chaos: killed']))
    expect(queue.transitions[0]?.time).toBe(new Date(queue.transitions[0]?.at ?? 0).toISOString())
  })

  it('records each new heartbeat RTT per endpoint for the sparkline', async () => {
    await connectedStore({ heartbeat: { interval: 1000, timeout: 5000 } })
    const panel = startModel()
    void store.transport.connect()
    await advance(1500)
    store.transport.chaos.latency('queue', 40)
    await advance(1000)
    store.transport.chaos.latency('queue', 120)
    await advance(1000)

    const queue = panel.getSnapshot().endpoints.find((view) => view.name === 'queue')
    expect(queue?.rtt).toEqual([0, 40, 120])
    expect(queue?.health.latencyMs).toBe(120)
  })

  it('samples metrics and messages per second once a second, only while someone holds sampling', async () => {
    await connectedStore()
    const metrics = vi.spyOn(store.transport, 'metrics')
    const panel = startModel()
    void store.transport.connect()
    await advance(1500)
    expect(metrics).not.toHaveBeenCalled()
    expect(panel.getSnapshot().metrics).toBeNull()

    const stopFirst = panel.startSampling()
    const stopSecond = panel.startSampling()
    expect(panel.getSnapshot().metrics?.successes).toBe(8)
    backend.scenario.pushBurst('queue', 12)
    await advance(1000)
    const rates = Object.fromEntries(panel.getSnapshot().endpoints.map((view) => [view.name, view.messagesPerSecond]))
    expect(rates.queue).toBe(12)
    expect(rates.routes).toBe(0)
    expect(panel.getSnapshot().metrics?.messagesIn).toBe(8 + 12)

    stopFirst()
    stopFirst()
    let calls = metrics.mock.calls.length
    await advance(2000)
    expect(metrics.mock.calls.length).toBe(calls + 2) // the second holder keeps it going
    stopSecond()
    calls = metrics.mock.calls.length
    await advance(5000)
    expect(metrics.mock.calls.length).toBe(calls)
    expect(panel.getSnapshot().sampling).toBe(false)
  })

  it('chaos through the model refreshes the snapshot at once, including the offline switch', async () => {
    await connectedStore()
    const panel = startModel()
    panel.chaos.offline(true)
    expect(panel.getSnapshot().offline).toBe(true)
    expect(panel.getSnapshot().summary.text).toContain('chaos on (offline)')
    panel.chaos.clear()
    expect(panel.getSnapshot().offline).toBe(false)
  })

  it('dispose removes its listeners and its timer: later changes reach nobody', async () => {
    await connectedStore()
    const panel = startModel()
    const listener = vi.fn()
    panel.subscribe(listener)
    panel.startSampling()
    const before = panel.getSnapshot()
    void store.transport.connect()
    await advance(1500)
    expect(listener).toHaveBeenCalled()

    panel.dispose()
    listener.mockClear()
    store.transport.chaos.kill('queue')
    await advance(3000)
    expect(listener).not.toHaveBeenCalled()
    expect(panel.getSnapshot().transitions.length).toBeGreaterThan(before.transitions.length)
    expect(panel.getSnapshot().transitions.some((transition) => transition.reason === 'chaos: kill (1006)')).toBe(false)
    panel.dispose()
  })
})
