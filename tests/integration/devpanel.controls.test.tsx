// @vitest-environment jsdom
import { render, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { createDashboardStore, RealtimeProvider, type DashboardStore, type FeedName } from 'zustand-realtime'
import { getDevPanelRoot, TransportDevPanel } from 'zustand-realtime/devpanel'
import { settle, useDevPanelBackend } from '../helpers/devpanelFixture'

const BASE = 'ws://devpanel.test'
let store: DashboardStore
const backend = useDevPanelBackend(BASE, () => store)


const panel = () => {
  const root = getDevPanelRoot()?.querySelector<HTMLElement>('.zrdp-root')
  if (!root) throw new Error('the dev panel is not mounted')
  return within(root)
}
const row = (name: string) => within(panel().getByTestId(`devpanel-row-${name}`))
const cell = (name: string, column: string) => {
  const found = panel().getByTestId(`devpanel-row-${name}`).querySelector(`[data-col="${column}"]`)
  if (!found) throw new Error(`no ${column} cell in row ${name}`)
  return found.textContent
}
const health = (name: FeedName) => store.getState().connections[name]
const chaos = () => store.transport.chaos.state()

/** The dashboard store on the MSW backend, the panel open, every feed connected. */
const mountOpenPanel = async () => {
  store = createDashboardStore(BASE, { lifecycle: null, random: () => 0.5, devtools: { enabled: false } })
  render(
    <RealtimeProvider store={store}>
      <TransportDevPanel store={store} initialOpen />
    </RealtimeProvider>,
  )
  await settle(2000)
  expect(Object.values(store.getState().connections).map((h) => h.status)).toEqual(Array(8).fill('connected'))
  return userEvent.setup({ advanceTimers: vi.advanceTimersByTime.bind(vi) })
}


describe('chaos controls do what they say', () => {
  it('Kill: the queue goes reconnecting, then connected again, and only the queue', async () => {
    const user = await mountOpenPanel()
    await user.click(row('queue').getByRole('button', { name: 'Kill' }))

    expect(health('queue')?.status).toBe('reconnecting')
    expect(cell('queue', 'status')).toBe('reconnecting')
    expect(health('workflows')?.status).toBe('connected')
    await settle(1000)
    expect(health('queue')?.status).toBe('connected')
    expect(cell('queue', 'status')).toBe('connected')
    expect(cell('queue', 'error')).toContain('1006')
  })

  it('Trip circuit opens it (row and store say open, polling starts); Reset circuit closes it and reconnects', async () => {
    const user = await mountOpenPanel()
    await user.click(row('queue').getByRole('button', { name: 'Trip circuit' }))

    expect(health('queue')?.circuitState).toBe('open')
    expect(health('queue')?.fallback).toBe('polling')
    expect(panel().getByTestId('devpanel-row-queue').querySelector('.zrdp-circuit')?.textContent).toBe('open')
    expect(cell('queue', 'probe')).toBe('probe in 60 s')
    expect(cell('queue', 'fallback')).toBe('polling')
    await settle(5000)
    expect(cell('queue', 'probe')).toBe('probe in 55 s')

    await user.click(row('queue').getByRole('button', { name: 'Reset circuit' }))
    expect(health('queue')?.circuitState).toBe('closed')
    expect(panel().getByTestId('devpanel-row-queue').querySelector('.zrdp-circuit')?.textContent).toBe('closed')
    await settle(1000)
    expect(health('queue')?.status).toBe('connected')
    expect(health('queue')?.fallback).toBe('none')
  })

  it('after the recovery timeout the row says half-open while the probe runs, then closed', async () => {
    const user = await mountOpenPanel()
    await user.click(row('queue').getByRole('button', { name: 'Trip circuit' }))
    const circuit = () => panel().getByTestId('devpanel-row-queue').querySelector('.zrdp-circuit')?.textContent
    await settle(59_000)
    expect(circuit()).toBe('open')
    expect(cell('queue', 'probe')).toBe('probe in 1 s')

    await settle(1000)
    expect(health('queue')?.circuitState).toBe('half-open')
    expect(circuit()).toBe('half-open')
    await settle(1500)
    expect(health('queue')?.circuitState).toBe('closed')
    expect(circuit()).toBe('closed')
  })

  it('Drop pongs is a toggle: chaos on with aria-pressed true, then off again', async () => {
    const user = await mountOpenPanel()
    const button = row('queue').getByRole('button', { name: 'Drop pongs' })
    expect(button.getAttribute('aria-pressed')).toBe('false')

    await user.click(button)
    expect(chaos().endpoints.queue?.dropPongs).toBe(true)
    expect(button.getAttribute('aria-pressed')).toBe('true')
    expect(panel().getByTestId('devpanel-chaos-queue').textContent).toContain('dropping pongs')

    await user.click(button)
    expect(chaos().endpoints.queue?.dropPongs).toBe(false)
    expect(button.getAttribute('aria-pressed')).toBe('false')
    expect(panel().queryByTestId('devpanel-chaos-queue')).toBeNull()
  })

  it('Block connects: a killed socket cannot come back until it is switched off', async () => {
    const user = await mountOpenPanel()
    const block = row('routes').getByRole('button', { name: 'Block connects' })
    await user.click(block)
    expect(chaos().endpoints.routes?.blockConnects).toBe(true)
    expect(block.getAttribute('aria-pressed')).toBe('true')

    await user.click(row('routes').getByRole('button', { name: 'Kill' }))
    await settle(4000)
    expect(health('routes')?.status).toBe('reconnecting')
    expect(health('routes')?.reconnectAttempts).toBeGreaterThan(0)
    expect(cell('routes', 'attempts')).toBe(String(health('routes')?.reconnectAttempts))

    await user.click(block)
    expect(chaos().endpoints.routes?.blockConnects).toBe(false)
    await settle(5000)
    expect(health('routes')?.status).toBe('connected')
  })

  it('Add latency uses the chosen delay, and pressing it again removes it', async () => {
    const user = await mountOpenPanel()
    await user.selectOptions(row('queue').getByRole('combobox', { name: 'Latency ms' }), '250')
    const button = row('queue').getByRole('button', { name: 'Add latency' })

    await user.click(button)
    expect(chaos().endpoints.queue?.latencyMs).toBe(250)
    expect(button.getAttribute('aria-pressed')).toBe('true')
    expect(panel().getByTestId('devpanel-chaos-queue').textContent).toContain('+250 ms latency')

    await user.click(button)
    expect(chaos().endpoints.queue?.latencyMs).toBe(0)
    expect(button.getAttribute('aria-pressed')).toBe('false')
  })

  it('Go offline pauses every endpoint (offline) and pressing it again brings them all back', async () => {
    const user = await mountOpenPanel()
    const offline = panel().getByRole('button', { name: 'Go offline' })

    await user.click(offline)
    expect(offline.getAttribute('aria-pressed')).toBe('true')
    expect(Object.values(store.getState().connections).map((h) => h.paused)).toEqual(Array(8).fill('offline'))
    expect(cell('queue', 'paused')).toBe('paused: offline')
    expect(panel().getByTestId('devpanel-chaos-banner').textContent).toContain('pool forced offline')
    await settle(10)
    expect(backend.connections()).toBe(0)

    await user.click(offline)
    await settle(2000)
    expect(offline.getAttribute('aria-pressed')).toBe('false')
    expect(Object.values(store.getState().connections).map((h) => [h.status, h.paused])).toEqual(Array(8).fill(['connected', false]))
  })

  it('Clear chaos switches everything off at once', async () => {
    const user = await mountOpenPanel()
    await user.click(row('queue').getByRole('button', { name: 'Drop pongs' }))
    await user.click(row('workflows').getByRole('button', { name: 'Block connects' }))
    await user.click(row('routes').getByRole('button', { name: 'Add latency' }))
    await user.click(row('adw-monitor').getByRole('button', { name: 'Trip circuit' }))
    await user.click(panel().getByRole('button', { name: 'Go offline' }))
    expect(panel().getByTestId('devpanel-toggle').getAttribute('data-chaos')).toBe('on')

    await user.click(panel().getByRole('button', { name: 'Clear chaos' }))

    const off = { dropPongs: false, latencyMs: 0, blockConnects: false, tripped: false }
    expect(chaos()).toEqual({ offline: false, endpoints: Object.fromEntries(store.transport.endpoints.map((name) => [name, off])) })
    expect(panel().queryByTestId('devpanel-chaos-banner')).toBeNull()
    expect(panel().queryAllByRole('button', { pressed: true })).toEqual([])
    await settle(2000)
    expect(Object.values(store.getState().connections).map((h) => [h.status, h.circuitState])).toEqual(Array(8).fill(['connected', 'closed']))
    expect(panel().getByTestId('devpanel-toggle').getAttribute('data-chaos')).toBe('off')
  })
})
