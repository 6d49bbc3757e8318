import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConnectionPool, type EndpointHealth, type Message } from 'zustand-realtime/transport'
import { LocalView } from '../../../src/transport/tabs/localView'
import { fakeSockets } from '../../helpers/fakeWebSocket'

const NAMES = ['queue', 'routes']

/** A view over a pool that never connects: its health is every endpoint's initial one. */
const localView = () => {
  const pool = createConnectionPool({
    WebSocket: fakeSockets().WebSocket,
    lifecycle: null,
    random: () => 0.5,
    endpoints: NAMES.map((name) => ({ name, url: `ws://h/ws/${name}`, priority: 2 })),
  })
  return { pool, view: new LocalView(new Set(NAMES), pool, 4) }
}

const message = (type: string, seq: number): Message => ({ type, data: { seq }, seq })

describe('LocalView: what a tab shows, whichever tab leads', () => {
  afterEach(() => { vi.restoreAllMocks() })

  it('a subscriber that throws is logged; the others still get the message, and the caller never sees the error', () => {
    const { view } = localView()
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const got: Message[] = []
    view.subscribe('queue', () => { throw new Error('reducer bug') })
    const stop = view.subscribe('queue', (m) => { got.push(m) })

    expect(() => view.deliver('queue', message('queue_update', 1))).not.toThrow()
    stop()
    view.deliver('queue', message('queue_update', 2))

    expect(got).toEqual([message('queue_update', 1)])
    expect(error).toHaveBeenCalledTimes(2)
    expect(error.mock.calls[0]?.[0]).toBe('zustand-realtime: a subscriber of "queue" threw')
    // Delivered is delivered: a later tab replays the last of each type.
    expect(view.replayEntries()).toEqual([{ name: 'queue', message: message('queue_update', 2) }])
  })

  it('a hand-off freezes health at its last value, marked reconnecting; leaving shows it disconnected', () => {
    const { pool, view } = localView()
    const seen: [string, EndpointHealth['status']][] = []
    view.onHealth((name, health) => seen.push([name, health.status]))
    const connected: EndpointHealth = { ...pool.health('queue'), status: 'connected', isConnected: true, connectedAt: 5, lastMessageTime: 7 }
    view.setHealth('queue', connected)

    view.freezeForHandoff()
    expect(view.health('queue')).toMatchObject({ status: 'reconnecting', isConnected: false, connectedAt: null, lastMessageTime: 7 })
    expect(view.pausedWhileHidden()).toBe(false)
    view.setHealth('routes', { ...pool.health('routes'), paused: 'hidden' })
    expect(view.pausedWhileHidden()).toBe(true)

    view.showStopped(false)
    expect(view.healthAll()).toMatchObject({ queue: { status: 'disconnected', paused: false, lastMessageTime: 7 }, routes: { status: 'disconnected', paused: false } })
    expect(seen).toEqual([['queue', 'connected'], ['queue', 'reconnecting'], ['routes', 'reconnecting'], ['routes', 'disconnected'], ['queue', 'disconnected'], ['routes', 'disconnected']])
  })
})
