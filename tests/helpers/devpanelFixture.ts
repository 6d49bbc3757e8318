import { act, cleanup } from '@testing-library/react'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest'
import type { DashboardStore } from 'zustand-realtime'
import { createMockBackend } from 'zustand-realtime/mocks'

/** Advance fake timers inside `act`, so React sees every update. */
export const settle = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))

/**
 * The dev panel suites' common ground: an MSW backend for the 8 feeds at `baseUrl`, fake timers
 * per test, and after each test the store disconnected with no socket and no timer left.
 */
export function useDevPanelBackend(baseUrl: string, currentStore: () => Pick<DashboardStore, 'transport'> | undefined) {
  const backend = createMockBackend({ baseUrl })
  const server = setupServer(...backend.handlers)
  beforeAll(async () => {
    // Testing Library's async wrapper advances fake timers only when it sees a `jest` global.
    Object.assign(globalThis, { jest: { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) } })
    server.listen({ onUnhandledRequest: 'error' })
    await import('../../src/devpanel/PanelUi') // warm the lazy chunk, so it resolves under fake timers
  })
  afterAll(() => {
    server.close()
    backend.dispose()
  })
  beforeEach(() => {
    vi.useFakeTimers()
    localStorage.clear()
  })
  afterEach(async () => {
    cleanup()
    await settle(10)
    currentStore()?.transport.disconnect()
    await settle(10)
    expect(backend.connections()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    backend.reset()
    vi.restoreAllMocks()
    vi.useRealTimers()
  })
  return backend
}
