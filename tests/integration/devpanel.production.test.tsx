// @vitest-environment jsdom
import { act, cleanup, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDashboardStore } from 'zustand-realtime'

// The adapter decides at module load (like TanStack's devtools): stub the env, then import afresh.
const importPanel = async (nodeEnv: string) => {
  vi.stubEnv('NODE_ENV', nodeEnv)
  vi.resetModules()
  return import('zustand-realtime/devpanel')
}
const store = createDashboardStore('ws://devpanel-production.test', { lifecycle: null, devtools: { enabled: false } })
const host = () => document.querySelector('[data-zustand-realtime-devpanel]')
/** Whether anything of the panel started: its model subscribes to the store and the pool at once. */
const watchStore = () => ({ subscribe: vi.spyOn(store, 'subscribe'), onTransition: vi.spyOn(store.transport, 'onTransition') })

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
  vi.resetModules()
})

describe('production builds', () => {
  it('renders nothing and loads no UI in production', async () => {
    const { TransportDevPanel } = await importPanel('production')
    const watched = watchStore()
    const { container } = await act(async () => render(<TransportDevPanel store={store} initialOpen />))
    expect(container.innerHTML).toBe('')
    expect(host()).toBeNull()
    expect(watched.subscribe).not.toHaveBeenCalled()
    expect(watched.onTransition).not.toHaveBeenCalled()
  })

  it('renders in production when enabled is passed', async () => {
    const { TransportDevPanel, getDevPanelRoot } = await importPanel('production')
    render(<TransportDevPanel store={store} enabled />)
    await waitFor(() => expect(getDevPanelRoot()?.querySelector('[data-testid="devpanel-toggle"]')).not.toBeNull())
  })

  it('renders in development, and enabled={false} turns it off there', async () => {
    const { TransportDevPanel, getDevPanelRoot } = await importPanel('development')
    const watched = watchStore()
    const { rerender } = await act(async () => render(<TransportDevPanel store={store} />))
    expect(watched.subscribe).toHaveBeenCalledTimes(1)
    expect(watched.onTransition).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(getDevPanelRoot()?.querySelector('[data-testid="devpanel-toggle"]')).not.toBeNull())
    rerender(<TransportDevPanel store={store} enabled={false} />)
    expect(host()).toBeNull()
  })

  it('the /production entry is a no-op with the same props', async () => {
    vi.resetModules()
    const { TransportDevPanel } = await import('zustand-realtime/devpanel/production')
    const watched = watchStore()
    const { container } = await act(async () => render(<TransportDevPanel store={store} enabled initialOpen />))
    expect(container.innerHTML).toBe('')
    expect(host()).toBeNull()
    expect(watched.subscribe).not.toHaveBeenCalled()
  })
})
