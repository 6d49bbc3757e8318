// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDashboardStore, FEED_NAMES, GlobalWebSocketProvider, RealtimeProvider } from 'zustand-realtime'
import { leftovers, startFeedBackend, type FeedBackend } from '../helpers/storeBackend'

let backend: FeedBackend

const dashboardStore = () => createDashboardStore(backend.baseUrl, { lifecycle: null, random: () => 0.5 })
/** 8 endpoints, 100 ms apart: all started after 700 ms. */
const settle = () => act(() => vi.advanceTimersByTimeAsync(1000))

beforeAll(() => {
  backend = startFeedBackend()
})
afterAll(() => backend.close())

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(async () => {
  cleanup()
  expect(await leftovers(backend)).toEqual({ openSockets: 0, timers: 0 })
})

describe('RealtimeProvider', () => {
  it('connects on mount and disconnects on unmount', async () => {
    const store = dashboardStore()
    const view = render(<RealtimeProvider store={store} />)
    await settle()

    expect(backend.openSockets()).toBe(8)
    expect(FEED_NAMES.map((name) => store.getState().connections[name].status)).toEqual(FEED_NAMES.map(() => 'connected'))

    view.unmount()
    await settle()
    expect(backend.openSockets()).toBe(0)
    expect(FEED_NAMES.map((name) => store.getState().connections[name].status)).toEqual(FEED_NAMES.map(() => 'disconnected'))
  })

  it('opens exactly 8 sockets under StrictMode double mount, and none are left after unmount', async () => {
    const store = dashboardStore()
    const view = render(
      <StrictMode>
        <RealtimeProvider store={store} />
      </StrictMode>,
    )
    await settle()

    expect(backend.openSockets()).toBe(8)
    expect(backend.clients()).toHaveLength(8)
    expect(new Set(backend.clients().map((client) => client.url.pathname)).size).toBe(8)

    view.unmount()
    await settle()
  })

  it('keeps one set of sockets for several providers of one store until the last unmounts', async () => {
    const store = dashboardStore()
    const view = render(
      <>
        <RealtimeProvider store={store} />
        <RealtimeProvider store={store} />
      </>,
    )
    await settle()
    expect(backend.clients()).toHaveLength(8)

    view.rerender(<RealtimeProvider store={store} />)
    await settle()
    expect(backend.openSockets()).toBe(8)
    expect(backend.clients()).toHaveLength(8)

    view.unmount()
    await settle()
  })

  it('keeps its sockets when remounted under a new key around the same store', async () => {
    const store = dashboardStore()
    const view = render(<RealtimeProvider key="a" store={store} />)
    await settle()
    view.rerender(<RealtimeProvider key="b" store={store} />)
    await settle()

    expect(backend.clients()).toHaveLength(8)
    expect(backend.openSockets()).toBe(8)
    view.unmount()
    await settle()
  })

  it('leaves nothing open after 1,000 mount/unmount cycles', async () => {
    const store = dashboardStore()
    for (let round = 0; round < 10; round += 1) {
      // Let each round's sockets open fully: MSW leaks a listener for a socket closed mid-handshake.
      const view = render(<RealtimeProvider store={store} />)
      await settle()
      view.unmount()
      for (let cycle = 0; cycle < 99; cycle += 1) render(<RealtimeProvider store={store} />).unmount()
      await settle()
      expect(backend.openSockets()).toBe(0)
    }
    expect(backend.clients()).toHaveLength(80)

    expect(backend.openSockets()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    expect(FEED_NAMES.every((name) => store.getState().connections[name].status === 'disconnected')).toBe(true)
  })

  it('connects again when mounted again after an unmount', async () => {
    const store = dashboardStore()
    render(<RealtimeProvider store={store} />).unmount()
    await settle()
    const again = render(<RealtimeProvider store={store} />)
    await settle()

    expect(backend.openSockets()).toBe(8)
    again.unmount()
    await settle()
  })
})

describe('GlobalWebSocketProvider remounts', () => {
  it('a new key builds a new store: 16 sockets created in total, the first 8 closed, none leaked', async () => {
    const options = { lifecycle: null, random: () => 0.5 }
    const view = render(<GlobalWebSocketProvider key="a" baseUrl={backend.baseUrl} options={options} />)
    await settle()
    const first = backend.clients()
    expect(first).toHaveLength(8)

    view.rerender(<GlobalWebSocketProvider key="b" baseUrl={backend.baseUrl} options={options} />)
    await settle()

    expect(backend.clients()).toHaveLength(16)
    expect(backend.openSockets()).toBe(8)
    const second = backend.clients().slice(8)
    expect(second.every((client) => !first.includes(client))).toBe(true)

    view.unmount()
    await settle()
  })

  it('StrictMode around the facade still opens one set of 8', async () => {
    const view = render(
      <StrictMode>
        <GlobalWebSocketProvider baseUrl={backend.baseUrl} options={{ lifecycle: null }} />
      </StrictMode>,
    )
    await settle()
    expect(backend.openSockets()).toBe(8)
    expect(backend.clients()).toHaveLength(8)

    view.unmount()
    await settle()
  })
})
