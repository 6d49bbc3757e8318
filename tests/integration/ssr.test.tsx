import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'

// Server-side rendering in Node: importing the package, creating stores and rendering the
// providers and hooks to a string must open no socket and start no timer.
const constructed: string[] = []
class CountingWebSocket {
  readyState = 0
  onopen = null
  onclose = null
  onmessage = null
  onerror = null
  constructor(url: string) { constructed.push(url) }
  send(): void {}
  close(): void {}
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  constructed.length = 0
})

describe('server-side rendering', () => {
  it('importing the root and /compat, creating a store and rendering to a string opens no socket and leaves no timer', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('WebSocket', CountingWebSocket)
    vi.resetModules()
    const { createDashboardStore, GlobalWebSocketProvider, RealtimeProvider, useGlobalWebSocket, useEndpointStatus } = await import('zustand-realtime')
    const { useWebSocketConnection } = await import('zustand-realtime/compat')
    const store = createDashboardStore('ws://ssr.test')

    function Legacy() {
      const { queueData, queueConnectionState } = useGlobalWebSocket()
      return <p>{`${queueConnectionState.status} ${queueData === null ? 'no data' : 'data'}`}</p>
    }
    function Status() {
      return <p>{useEndpointStatus(store, 'routes')}</p>
    }
    function PlanHook() {
      return <p>{useWebSocketConnection({ url: 'ws://ssr.test/api/v1/ws/queue' }).status}</p>
    }
    const html = renderToString(
      <>
        <GlobalWebSocketProvider baseUrl="ws://ssr.test"><Legacy /></GlobalWebSocketProvider>
        <RealtimeProvider store={store}><Status /></RealtimeProvider>
        <PlanHook />
      </>,
    )
    expect(html).toContain('disconnected no data')
    expect(html).toContain('<p>disconnected</p>')
    expect(constructed).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
    // The same store connects as soon as it is asked to, in the browser: the stub sees that socket.
    void store.transport.connect()
    expect(constructed).toHaveLength(1)
    store.transport.disconnect()
  })
})
