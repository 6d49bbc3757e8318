import { describe, expect, it } from 'vitest'
import type { EndpointHealth } from 'zustand-realtime'
import {
  activeChaosLabels, isToggleShortcut, loadLayout, saveLayout, summarize, timelineOf,
  type EndpointView, type LayoutStorage, type PanelLayout,
} from 'zustand-realtime/devpanel'

const DEFAULTS: PanelLayout = { open: false, position: 'bottom-right', size: 'medium' }

const memoryStorage = (initial: Record<string, string> = {}): LayoutStorage & { items: Record<string, string> } => {
  const items = { ...initial }
  return { items, getItem: (key) => items[key] ?? null, setItem: (key, value) => { items[key] = value } }
}

const health = (change: Partial<EndpointHealth> = {}): EndpointHealth => ({
  status: 'connected', circuitState: 'closed', paused: false, fallback: 'none', reconnectAttempts: 0, consecutiveFailures: 0,
  nextRetryAt: null, circuitOpenUntil: null, lastError: null, dataError: null, lastMessageTime: 1, connectedAt: 1, latencyMs: 5, quality: 'excellent',
  isConnected: true, connectionQuality: 'excellent', lastUpdated: 1,
  heartbeat: 'on',
  ...change,
})
const view = (name: string, change: Partial<EndpointHealth> = {}, activeChaos: string[] = []): EndpointView => ({
  name, health: health(change), chaos: { dropPongs: false, latencyMs: 0, blockConnects: false, tripped: false }, activeChaos, rtt: [], messagesPerSecond: null, foreignFrames: 0,
})

describe('layout persistence', () => {
  it('round-trips open, corner and size under the namespaced key', () => {
    const storage = memoryStorage()
    saveLayout(storage, 'zustand-realtime:devpanel', { open: true, position: 'top-left', size: 'large' })
    expect(JSON.parse(storage.items['zustand-realtime:devpanel'] ?? 'null')).toEqual({ open: true, position: 'top-left', size: 'large' })
    expect(loadLayout(storage, 'zustand-realtime:devpanel', DEFAULTS)).toEqual({ open: true, position: 'top-left', size: 'large' })
  })

  it('falls back per field on missing, malformed or foreign values, and survives storage that throws', () => {
    expect(loadLayout(memoryStorage(), 'k', DEFAULTS)).toEqual(DEFAULTS)
    expect(loadLayout(memoryStorage({ k: '{not json' }), 'k', DEFAULTS)).toEqual(DEFAULTS)
    expect(loadLayout(memoryStorage({ k: '{"open":true,"position":"middle","size":"huge"}' }), 'k', DEFAULTS)).toEqual({ ...DEFAULTS, open: true })
    expect(loadLayout(null, 'k', DEFAULTS)).toEqual(DEFAULTS)
    const broken: LayoutStorage = { getItem: () => { throw new Error('denied') }, setItem: () => { throw new Error('quota') } }
    expect(() => saveLayout(broken, 'k', DEFAULTS)).not.toThrow()
    expect(loadLayout(broken, 'k', DEFAULTS)).toEqual(DEFAULTS)
  })
})

describe('keyboard shortcut', () => {
  const key = (change: Partial<Parameters<typeof isToggleShortcut>[0]>) =>
    isToggleShortcut({ altKey: true, shiftKey: true, ctrlKey: false, metaKey: false, code: 'KeyR', repeat: false, ...change })

  it('is Alt+Shift+R by physical key (so macOS Option+Shift+R, which types ‰, works)', () => {
    expect(key({})).toBe(true)
    expect(key({ altKey: false })).toBe(false)
    expect(key({ shiftKey: false })).toBe(false)
    expect(key({ ctrlKey: true })).toBe(false)
    expect(key({ metaKey: true })).toBe(false)
    expect(key({ code: 'KeyT' })).toBe(false)
    expect(key({ repeat: true })).toBe(false)
  })
})

describe('summary', () => {
  it('is ok and says "8/8 connected" when everything is up', () => {
    expect(summarize(['a', 'b'].map((name) => view(name)), false)).toMatchObject({ severity: 'ok', text: '2/2 connected', connected: 2, total: 2 })
  })

  it('warns while reconnecting, polling, paused or under chaos; errors on an open circuit or an endpoint that gave up', () => {
    expect(summarize([view('a'), view('b', { status: 'reconnecting' })], false)).toMatchObject({ severity: 'warn', text: '1/2 connected' })
    const dataError = { message: 'queue: queue_update rejected by its schema: data: expected an object, got string', at: 1, count: 1 }
    expect(summarize([view('a'), view('b', { dataError })], false)).toMatchObject({ severity: 'warn', dataErrors: 1, text: '2/2 connected, 1 data error' })
    expect(summarize([view('a'), view('b', {}, ['dropping pongs'])], false)).toMatchObject({ severity: 'warn', text: '2/2 connected, chaos on' })
    expect(summarize([view('a', { status: 'disconnected', paused: 'offline' })], true)).toMatchObject({ severity: 'warn', paused: 1, text: '0/1 connected, 1 paused, chaos on (offline)' })
    expect(summarize([view('a', { status: 'reconnecting', circuitState: 'open', fallback: 'polling' }), view('b')], false))
      .toMatchObject({ severity: 'error', text: '1/2 connected, 1 open circuit, 1 polling' })
    const unauthorized = view('a', { status: 'disconnected', lastError: { message: 'closed 4401: unauthorized', code: 4401, at: 1 } })
    expect(summarize([unauthorized, view('b')], false)).toMatchObject({ severity: 'error', failed: 1, text: '1/2 connected, 1 failed' })
  })

  it('names the chaos that is on, in words', () => {
    expect(activeChaosLabels({ dropPongs: true, latencyMs: 250, blockConnects: true, tripped: true }))
      .toEqual(['circuit tripped', 'dropping pongs', 'connects blocked', '+250 ms latency'])
    expect(activeChaosLabels({ dropPongs: false, latencyMs: 0, blockConnects: false, tripped: false })).toEqual([])
  })
})

describe('timeline filter', () => {
  it('keeps one endpoint, or everything for no filter', () => {
    const transitions = [
      { kind: 'state' as const, name: 'queue', from: 'a', to: 'b', reason: 'r', at: 1 },
      { kind: 'chaos' as const, name: 'routes', from: 'chaos', to: 'chaos', reason: 'chaos: kill (1006)', at: 2 },
    ]
    expect(timelineOf(transitions, 'routes')).toEqual([transitions[1]])
    expect(timelineOf(transitions, null)).toBe(transitions)
    expect(timelineOf(transitions, '')).toBe(transitions)
  })
})
