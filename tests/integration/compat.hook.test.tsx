// @vitest-environment jsdom
import { act, render, renderHook } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConnectionError, useWebSocketConnection, type UseWebSocketConnectionOptions, type UseWebSocketConnectionResult } from 'zustand-realtime/compat'
import type { Message } from 'zustand-realtime/transport'
import { fakeSockets } from '../helpers/fakeWebSocket'
import { leftovers, startFeedBackend, type FeedBackend } from '../helpers/storeBackend'

let backend: FeedBackend
const routesSnapshot = { type: 'routes_update', data: { routes: [{ path: '/a' }], updatedAt: 1 } }
const settle = (ms = 500) => act(() => vi.advanceTimersByTimeAsync(ms))
const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>

beforeAll(() => {
  backend = startFeedBackend({ snapshot: (name) => (name === 'routes' ? routesSnapshot : null) })
  transportOptions = { lifecycle: null, random: () => 0.5, WebSocket: countingWebSocket() }
})
afterAll(() => backend.close())
beforeEach(() => {
  vi.useFakeTimers()
  created.length = 0
})
afterEach(async () => {
  expect(await leftovers(backend)).toEqual({ openSockets: 0, timers: 0 })
})

/** Every socket the hook constructs (MSW only hears the ones that live past a microtask). */
const created: { url: string; at: number }[] = []
const countingWebSocket = () => {
  const Base = globalThis.WebSocket // MSW's interceptor, installed by startFeedBackend()
  return class CountingWebSocket extends Base {
    constructor(url: string) {
      super(url)
      created.push({ url, at: Date.now() })
    }
  }
}
let transportOptions: { lifecycle: null; random: () => number; WebSocket: ReturnType<typeof countingWebSocket> }
type HookProps = Partial<UseWebSocketConnectionOptions<Message>>
/** Renders the hook in a component under <StrictMode> (double effects), keeping every value it returned. */
const renderConnection = (options: HookProps = {}) => {
  const messages: Message[] = []
  const result: { current: UseWebSocketConnectionResult | null } = { current: null }
  function Probe(props: HookProps) {
    result.current = useWebSocketConnection({ url: backend.url('routes'), onMessage: (m) => messages.push(m), transportOptions, ...options, ...props })
    return null
  }
  const view = render(<StrictMode><Probe /></StrictMode>)
  const rerender = (props: HookProps) => view.rerender(<StrictMode><Probe {...props} /></StrictMode>)
  return { result, messages, rerender, unmount: view.unmount }
}

describe('useWebSocketConnection (the plan\'s hook)', () => {
  it('opens exactly one socket under StrictMode, reports connected, hands frames to onMessage, and closes it on unmount', async () => {
    const { result, messages, unmount } = renderConnection()
    await settle()
    expect(created).toHaveLength(1)
    expect(backend.clients('routes')).toHaveLength(1)
    expect(backend.openSockets('routes')).toBe(1)
    expect(result.current).toMatchObject({ status: 'connected', circuitState: 'closed', reconnectAttempts: 0, lastError: null })
    expect(messages).toEqual([routesSnapshot])
    expect(result.current?.lastMessageTime).toBeInstanceOf(Date)
    unmount()
  })

  it('calls the latest onMessage after a re-render, without a new socket', async () => {
    const first: Message[] = []
    const second: Message[] = []
    const { rerender, unmount } = renderConnection({ onMessage: (m) => first.push(m) })
    await settle()
    rerender({ onMessage: (m) => second.push(m) })
    backend.send('routes', { type: 'routes_update', data: { routes: [], updatedAt: 2 } })
    await settle(10)
    expect(first).toHaveLength(1)
    expect(second.map((m) => m.data)).toEqual([{ routes: [], updatedAt: 2 }])
    expect(backend.clients('routes')).toHaveLength(1)
    unmount()
  })

  it('enabled: false opens nothing; switching it on opens one socket, off closes it', async () => {
    const { result, rerender, unmount } = renderConnection({ enabled: false })
    await settle()
    expect(backend.clients()).toHaveLength(0)
    expect(result.current?.status).toBe('disconnected')
    rerender({ enabled: true })
    await settle()
    expect(created).toHaveLength(1)
    expect(backend.openSockets('routes')).toBe(1)
    rerender({ enabled: false })
    await settle()
    expect(backend.openSockets('routes')).toBe(0)
    expect(backend.clients('routes')).toHaveLength(1)
    unmount()
  })

  it('a new url closes the old socket and opens one to the new url', async () => {
    const { rerender, unmount } = renderConnection()
    await settle()
    rerender({ url: backend.url('queue') })
    await settle()
    expect(backend.openSockets('routes')).toBe(0)
    expect(backend.openSockets('queue')).toBe(1)
    unmount()
  })

  it('two components with the hook: one socket each, and both follow one page-wide stagger', async () => {
    const Feed = ({ url }: { url: string }) => {
      useWebSocketConnection({ url, transportOptions })
      return null
    }
    const view = render(<StrictMode><Feed url={backend.url('routes')} /><Feed url={backend.url('queue')} /></StrictMode>)
    await settle()
    expect(created.map((socket) => socket.url)).toEqual([backend.url('routes'), backend.url('queue')])
    expect((created[1]?.at ?? 0) - (created[0]?.at ?? 0)).toBeGreaterThanOrEqual(100)
    expect(backend.openSockets()).toBe(2)
    view.unmount()
  })
})

describe('useWebSocketConnection states (scripted sockets)', () => {
  it('counts reconnect attempts, opens the circuit after failureThreshold, and surfaces a 4401 as an Error', async () => {
    const sockets = fakeSockets()
    const { result, unmount } = renderHook(() =>
      useWebSocketConnection({
        url: 'ws://plan.test/ws/queue',
        reconnectConfig: { baseDelay: 100, maxDelay: 100, jitterMax: 0 },
        circuitBreakerConfig: { failureThreshold: 2, recoveryTimeout: 1000, halfOpenMaxAttempts: 1 },
        transportOptions: { ...transportOptions, WebSocket: sockets.WebSocket },
      }), { wrapper: strict })
    await settle(10)
    expect(result.current.status).toBe('connecting')
    act(() => sockets.last('queue').fail())
    expect(result.current.status).toBe('reconnecting')
    expect(result.current.reconnectAttempts).toBe(1)
    await settle(150)
    act(() => sockets.last('queue').fail())
    expect(result.current.circuitState).toBe('open')
    await settle(1100)
    expect(result.current.circuitState).toBe('half-open')
    act(() => sockets.last('queue').serverClose(4401, 'unauthorized'))
    expect(result.current.status).toBe('disconnected')
    expect(result.current.lastError).toBeInstanceOf(ConnectionError)
    expect(result.current.lastError?.message).toMatch(/4401|unauthori[sz]ed/i)
    expect(sockets.all).toHaveLength(3) // 4401 is never retried
    await settle(5000)
    expect(sockets.all).toHaveLength(3)
    unmount()
    expect(sockets.live()).toEqual([])
  })
})
