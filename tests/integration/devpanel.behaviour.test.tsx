// @vitest-environment jsdom
import { act, cleanup, render, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDashboardStore, type DashboardStore } from 'zustand-realtime'
import { getDevPanelRoot, TransportDevPanel, type TransportDevPanelProps } from 'zustand-realtime/devpanel'

// The panel's own behaviour needs no sockets: a store that never connects shows 8 disconnected rows.
const KEY = 'zustand-realtime:devpanel'
let store: DashboardStore

const settle = (ms = 10) => act(() => vi.advanceTimersByTimeAsync(ms))
const shadow = (): ShadowRoot => {
  const root = getDevPanelRoot()
  if (!root) throw new Error('the dev panel is not mounted')
  return root
}
const panel = () => {
  const root = shadow().querySelector<HTMLElement>('.zrdp-root')
  if (!root) throw new Error('the dev panel UI is not rendered')
  return within(root)
}
const toggle = () => panel().getByTestId('devpanel-toggle')
const openPanel = () => panel().queryByRole('region', { name: 'Realtime transport' })
const stored = (key = KEY): unknown => JSON.parse(localStorage.getItem(key) ?? 'null')

const mount = async (props: Partial<TransportDevPanelProps> = {}) => {
  const view = render(<TransportDevPanel store={store} {...props} />)
  await settle()
  return { ...view, user: userEvent.setup({ advanceTimers: vi.advanceTimersByTime.bind(vi) }) }
}

beforeAll(async () => {
  Object.assign(globalThis, { jest: { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) } })
  await import('../../src/devpanel/PanelUi')
})
beforeEach(() => {
  vi.useFakeTimers()
  localStorage.clear()
  store = createDashboardStore('ws://devpanel-behaviour.test', { lifecycle: null, devtools: { enabled: false } })
})
afterEach(async () => {
  cleanup()
  await settle()
  expect(getDevPanelRoot()).toBeNull()
  expect(vi.getTimerCount()).toBe(0)
  vi.useRealTimers()
})

describe('closed, it is only a small toggle', () => {
  it('renders the toggle in a shadow root outside the app, and no panel', async () => {
    const { container } = await mount()
    expect(container.innerHTML).toBe('')
    expect(shadow().host.parentElement).toBe(document.body)
    expect(toggle().getAttribute('aria-expanded')).toBe('false')
    expect(openPanel()).toBeNull()
    expect(panel().queryAllByRole('button')).toEqual([toggle()])
  })

})

describe('open state, corner and size persist in localStorage', () => {
  it('remembers them across mounts, and the remembered state beats initialOpen/position', async () => {
    const first = await mount({ position: 'bottom-left' })
    expect(shadow().querySelector('.zrdp-root')?.getAttribute('data-corner')).toBe('bottom-left')
    await first.user.click(toggle())
    await first.user.selectOptions(panel().getByRole('combobox', { name: 'Panel position' }), 'top-left')
    await first.user.selectOptions(panel().getByRole('combobox', { name: 'Panel size' }), 'large')
    expect(stored()).toEqual({ open: true, position: 'top-left', size: 'large' })
    first.unmount()

    await mount({ position: 'bottom-right', initialOpen: false })
    expect(openPanel()).not.toBeNull()
    expect(shadow().querySelector('.zrdp-root')?.getAttribute('data-corner')).toBe('top-left')
    expect(shadow().querySelector('.zrdp-panel')?.getAttribute('data-size')).toBe('large')
  })

  it('closing is remembered too, under its own key when given one', async () => {
    const { user } = await mount({ initialOpen: true, storageKey: 'my-app:realtime-panel' })
    expect(openPanel()).not.toBeNull()
    await user.click(panel().getByRole('button', { name: 'Close dev panel' }))
    expect(openPanel()).toBeNull()
    expect(stored('my-app:realtime-panel')).toEqual({ open: false, position: 'bottom-right', size: 'medium' })
    expect(localStorage.getItem(KEY)).toBeNull()
  })
})

describe('keyboard', () => {
  it('Alt+Shift+R opens it and moves focus into it; again closes it and gives focus back to the toggle', async () => {
    const { user } = await mount()
    await user.keyboard('{Alt>}{Shift>}R{/Shift}{/Alt}')
    expect(openPanel()).not.toBeNull()
    expect(shadow().activeElement).toBe(openPanel())

    await user.keyboard('{Alt>}{Shift>}R{/Shift}{/Alt}')
    expect(openPanel()).toBeNull()
    expect(shadow().activeElement).toBe(toggle())
    expect(toggle().getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+R')
  })

  it('Enter on the toggle opens and focuses the panel; Escape closes it and returns to the toggle', async () => {
    const { user } = await mount()
    toggle().focus()
    await user.keyboard('{Enter}')
    expect(openPanel()).not.toBeNull()
    expect(shadow().activeElement).toBe(openPanel())

    panel().getByRole('button', { name: 'Go offline' }).focus()
    await user.keyboard('{Escape}')
    expect(openPanel()).toBeNull()
    expect(shadow().activeElement).toBe(toggle())
  })

  it('does not steal focus: a mouse click leaves focus on the toggle, and a remembered open panel leaves the app input focused', async () => {
    const first = await mount()
    await first.user.click(toggle())
    expect(openPanel()).not.toBeNull()
    expect(shadow().activeElement).toBe(toggle())
    first.unmount()

    const input = document.createElement('input')
    document.body.append(input)
    input.focus()
    await mount()
    expect(openPanel()).not.toBeNull()
    expect(document.activeElement).toBe(input)
    input.remove()
  })

  it('has named regions, a table with one row per endpoint, and named controls', async () => {
    await mount({ initialOpen: true })
    const table = panel().getByRole('table', { name: 'Endpoints' })
    expect(within(table).getAllByRole('row')).toHaveLength(1 + store.transport.endpoints.length)
    expect(within(table).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual([...store.transport.endpoints])
    expect(panel().getByRole('region', { name: 'Pool metrics' })).toBeTruthy()
    expect(panel().getAllByRole('group', { name: /^Chaos for / })).toHaveLength(store.transport.endpoints.length + 1)
    expect(panel().getByRole('list', { name: 'Transitions, newest first' })).toBeTruthy()
  })
})
