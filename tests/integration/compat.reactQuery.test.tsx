// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, render } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { useReliableWebSocket, type UseReliableWebSocketResult } from 'zustand-realtime/compat/react-query'
import type { Message } from 'zustand-realtime/transport'
import { leftovers, startFeedBackend, type FeedBackend } from '../helpers/storeBackend'

interface Routes { routes: { path: string }[]; updatedAt: number }
const isRoutesFrame = (message: Message): message is Message & { data: Routes } => message.type === 'routes_update'

let backend: FeedBackend
let client: QueryClient
const settle = (ms = 500) => act(() => vi.advanceTimersByTimeAsync(ms))

beforeAll(() => { backend = startFeedBackend() })
afterAll(() => backend.close())
beforeEach(() => {
  vi.useFakeTimers()
  client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
})
afterEach(async () => {
  client.clear() // drops the cache's garbage-collection timers
  expect(await leftovers(backend)).toEqual({ openSockets: 0, timers: 0 })
})

/** The plan's usage: a query for the routes, kept live by the routes socket; `snapshot` is what the HTTP fetch returns. */
const renderRoutes = (snapshot: () => Promise<Routes>) => {
  const fetches = vi.fn(snapshot)
  const result: { current: UseReliableWebSocketResult<Routes> | null } = { current: null }
  function Routes() {
    result.current = useReliableWebSocket<Routes>({
      url: backend.url('routes'),
      queryKey: ['routes'],
      queryFn: fetches,
      onMessage: (message) => (isRoutesFrame(message) ? message.data : undefined),
      fallbackIntervalMs: 1000,
      connection: { transportOptions: { lifecycle: null, random: () => 0.5 } },
    })
    return null
  }
  const view = render(<StrictMode><QueryClientProvider client={client}><Routes /></QueryClientProvider></StrictMode>)
  return { result, fetches, unmount: view.unmount }
}
const routes = (path: string, updatedAt: number): Routes => ({ routes: [{ path }], updatedAt })

describe('useReliableWebSocket with TanStack Query', () => {
  it('queryFn loads the first snapshot; socket frames then replace the cached data, with no refetch while connected', async () => {
    const { result, fetches, unmount } = renderRoutes(async () => routes('/from-http', 1))
    await settle()
    expect(client.getQueryData(['routes'])).toEqual(routes('/from-http', 1))
    expect(result.current?.connection.status).toBe('connected')
    backend.send('routes', { type: 'routes_update', data: routes('/from-socket', 2) })
    backend.send('routes', { type: 'something_else', data: 'ignored' })
    await settle(10)
    expect(client.getQueryData(['routes'])).toEqual(routes('/from-socket', 2))
    expect(result.current?.data).toEqual(routes('/from-socket', 2))
    await settle(5000)
    expect(fetches).toHaveBeenCalledTimes(1)
    expect(backend.clients('routes')).toHaveLength(1)
    unmount()
  })

  it('while the socket is down, queryFn is the fallback: polled every fallbackIntervalMs', async () => {
    let version = 0
    const { result, fetches, unmount } = renderRoutes(async () => routes('/http', ++version))
    await settle()
    expect(fetches).toHaveBeenCalledTimes(1)
    for (const socket of backend.clients('routes')) socket.close(4401, 'unauthorized') // never retried
    await settle(10)
    expect(result.current?.connection.status).toBe('disconnected')
    const before = fetches.mock.calls.length
    await settle(3100)
    expect(fetches.mock.calls.length - before).toBeGreaterThanOrEqual(3)
    expect(client.getQueryData<Routes>(['routes'])?.updatedAt).toBe(version)
    unmount()
  })

  it('a frame that lands while the first fetch is in flight is not overwritten by the older snapshot', async () => {
    let answer: (value: Routes) => void = () => {}
    const { unmount } = renderRoutes(() => new Promise<Routes>((resolve) => { answer = resolve }))
    await settle()
    backend.send('routes', { type: 'routes_update', data: routes('/newer', 5) })
    await settle(10)
    await act(async () => answer(routes('/older', 1)))
    await settle(10)
    expect(client.getQueryData(['routes'])).toEqual(routes('/newer', 5))
    unmount()
  })
})
