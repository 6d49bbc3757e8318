// @vitest-environment jsdom
import { render, within } from '@testing-library/react'
import { StrictMode } from 'react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { createDashboardStore, RealtimeProvider, type DashboardStore, type EndpointHealth, type Transition } from 'zustand-realtime'
import { getDevPanelRoot, TransportDevPanel, type TimelineExport } from 'zustand-realtime/devpanel'
import { settle, useDevPanelBackend } from '../helpers/devpanelFixture'

const BASE = 'ws://devpanel-view.test'
let store: DashboardStore
const backend = useDevPanelBackend(BASE, () => store)
/** Every transition of the pool, recorded independently of the panel. */
let seen: Transition[] = []

const panelRoot = (): HTMLElement => {
  const root = getDevPanelRoot()?.querySelector<HTMLElement>('.zrdp-root')
  if (!root) throw new Error('the dev panel is not mounted')
  return root
}
const panel = () => within(panelRoot())
const rowOf = (name: string) => panel().getByTestId(`devpanel-row-${name}`)
const text = (name: string, selector: string): string | null => rowOf(name).querySelector(selector)?.textContent ?? null

const mountOpenPanel = async () => {
  store = createDashboardStore(BASE, { lifecycle: null, random: () => 0.5, heartbeat: { interval: 1000, timeout: 5000 }, devtools: { enabled: false } })
  seen = []
  store.transport.onTransition((transition) => seen.push(transition))
  render(
    <RealtimeProvider store={store}>
      <TransportDevPanel store={store} initialOpen />
    </RealtimeProvider>,
  )
  await settle(2000)
  return userEvent.setup({ advanceTimers: vi.advanceTimersByTime.bind(vi) })
}

/** Every cell of the row against the store's EndpointHealth of that endpoint. */
const expectRowToShow = (name: string, health: EndpointHealth) => {
  expect(text(name, '.zrdp-status')).toBe(health.status)
  expect(text(name, '.zrdp-circuit')).toBe(health.circuitState)
  expect(text(name, '[data-col="attempts"]')).toBe(String(health.reconnectAttempts))
  expect(text(name, '[data-col="quality"]')).toBe(health.quality)
  expect(text(name, '.zrdp-rtt')).toBe(health.latencyMs === null ? '—' : `${health.latencyMs} ms`)
  expect(text(name, '[data-col="fallback"]')).toBe(health.fallback === 'polling' ? 'polling' : null)
  expect(text(name, '[data-col="paused"]')).toBe(health.paused === false ? null : `paused: ${health.paused}`)
  expect(rowOf(name).querySelector('[data-col="next-retry"]') !== null).toBe(health.nextRetryAt !== null)
  expect(rowOf(name).querySelector('[data-col="probe"]') !== null).toBe(health.circuitState === 'open')
  const error = text(name, '[data-col="error"]')
  expect(error).toBe(health.lastError === null ? '—' : `${health.lastError.code ?? ''}${health.lastError.message}`)
}
const expectEveryRowToShowTheStore = () => {
  for (const [name, health] of Object.entries(store.getState().connections)) expectRowToShow(name, health)
}


describe('rows show exactly what the store holds', () => {
  it('connected, then open circuit with polling, blocked reconnects with a retry countdown, close codes, offline', async () => {
    const user = await mountOpenPanel()
    expectEveryRowToShowTheStore()
    expect(text('queue', '.zrdp-rtt')).toBe('0 ms')
    expect(rowOf('queue').querySelector('[data-col="rtt"] svg.zrdp-spark')).not.toBeNull()

    await user.click(within(rowOf('queue')).getByRole('button', { name: 'Trip circuit' }))
    await user.click(within(rowOf('routes')).getByRole('button', { name: 'Block connects' }))
    await user.click(within(rowOf('routes')).getByRole('button', { name: 'Kill' }))
    backend.scenario.closeWith('system-status', 4401, 'unauthorized')
    await settle(1500)
    expectEveryRowToShowTheStore()
    expect(store.getState().connections.queue?.fallback).toBe('polling')
    expect(text('routes', '[data-col="next-retry"]')).toMatch(/^next in \d/)
    expect(text('system-status', '[data-col="error"]')).toContain('4401')
    expect(text('system-status', '.zrdp-status')).toBe('disconnected')

    await user.click(panel().getByRole('button', { name: 'Go offline' }))
    expectEveryRowToShowTheStore()
  })

  it('shows messages per second and pool metrics from the 1 Hz sample', async () => {
    await mountOpenPanel()
    backend.scenario.pushBurst('workflows', 7)
    await settle(1000)
    expect(text('workflows', '[data-col="rate"]')).toBe('7.0')
    expect(text('queue', '[data-col="rate"]')).toBe('0.0')
    const metrics = store.transport.metrics()
    const cell = (key: string) => panel().getByTestId('devpanel-metrics').querySelector(`[data-metric="${key}"]`)?.textContent
    expect(cell('success-rate')).toBe(`100% (${metrics.successes}/${metrics.attempts})`)
    expect(cell('circuits')).toBe(`${metrics.circuitOpenings} / ${metrics.circuitRecoveries}`)
    expect(cell('messages')).toBe(`${metrics.messagesIn} / ${metrics.messagesDropped}`)
  })

  it('the toggle names the summary and turns red on an open circuit', async () => {
    const user = await mountOpenPanel()
    const toggle = panel().getByTestId('devpanel-toggle')
    expect(toggle.getAttribute('aria-label')).toBe('Realtime dev panel: 8/8 connected')
    expect(toggle.getAttribute('data-severity')).toBe('ok')

    await user.click(within(rowOf('queue')).getByRole('button', { name: 'Trip circuit' }))
    expect(panel().getByRole('button', { name: 'Realtime dev panel: 7/8 connected, 1 open circuit, 1 polling, chaos on' })).toBe(toggle)
    expect(toggle.getAttribute('data-severity')).toBe('error')
  })
})

describe('timeline', () => {
  const events = () => [...panel().getByTestId('devpanel-timeline').querySelectorAll('li[data-endpoint]')]

  it('records transitions with their reasons, newest first, and filters by endpoint', async () => {
    const user = await mountOpenPanel()
    await user.click(within(rowOf('queue')).getByRole('button', { name: 'Kill' }))
    await settle(1000)

    const newest = events().slice(0, 6).map((event) => event.textContent)
    expect(newest.some((line) => line?.includes('queue') && line.includes('connected → waiting to retry') && line.includes('closed 1006: chaos: killed'))).toBe(true)
    expect(events().length).toBe(seen.length)
    expect(events().map((event) => event.querySelector('.zrdp-reason')?.textContent)).toEqual(seen.map((t) => `${t.code ?? ''}${t.reason}`).reverse())

    await user.selectOptions(panel().getByRole('combobox', { name: 'Filter timeline by endpoint' }), 'queue')
    expect(events().length).toBeGreaterThan(0)
    expect(events().map((event) => event.getAttribute('data-endpoint'))).toEqual(seen.filter((t) => t.name === 'queue').map(() => 'queue'))
  })

  it('under StrictMode keeps one model, so the first transitions of the connect are there too', async () => {
    store = createDashboardStore(BASE, { lifecycle: null, random: () => 0.5, devtools: { enabled: false } })
    const subscribe = vi.spyOn(store, 'subscribe')
    render(
      <StrictMode>
        <RealtimeProvider store={store}>
          <TransportDevPanel store={store} initialOpen />
        </RealtimeProvider>
      </StrictMode>,
    )
    await settle(2000)
    const queued = events().filter((event) => event.textContent?.includes('disconnected → queued'))
    expect(queued.map((event) => event.getAttribute('data-endpoint')).sort()).toEqual([...store.transport.endpoints].sort())
    expect(subscribe).toHaveBeenCalledTimes(1) // one model across StrictMode's mount → unmount → mount
    expect(Object.values(store.getState().connections).every((health) => health.status === 'connected')).toBe(true)
  })

  it('exports the filtered timeline as JSON to the clipboard and as a download', async () => {
    const user = await mountOpenPanel()
    await user.click(within(rowOf('routes')).getByRole('button', { name: 'Kill' }))
    await settle(1000)
    await user.selectOptions(panel().getByRole('combobox', { name: 'Filter timeline by endpoint' }), 'routes')

    const writeText = vi.spyOn(navigator.clipboard, 'writeText')
    await user.click(panel().getByRole('button', { name: 'Copy JSON' }))
    expect(writeText).toHaveBeenCalledTimes(1)
    const copied: TimelineExport = JSON.parse(String(writeText.mock.calls[0]?.[0]))
    expect(copied.endpoint).toBe('routes')
    expect(copied.count).toBe(events().length)
    expect(copied.transitions.map((transition) => transition.reason)).toContain('chaos: kill (1006)')
    await settle(10)
    expect(panel().getByRole('status').textContent).toBe(`Copied ${copied.count} transitions`)

    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      if (blob instanceof Blob) blobs.push(blob)
      return 'blob:timeline'
    })
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const clicked: HTMLAnchorElement[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { clicked.push(this) })
    await user.click(panel().getByRole('button', { name: 'Download JSON' }))
    expect(clicked.map((link) => [link.download, link.href])).toEqual([['zustand-realtime-timeline-routes.json', 'blob:timeline']])
    const reading = blobs[0]?.text() ?? Promise.resolve('null') // jsdom reads blobs on a (fake) timer
    await settle(10)
    expect(JSON.parse(await reading)).toEqual({ ...copied, exportedAt: expect.any(String) })
    expect(revoke).toHaveBeenCalledWith('blob:timeline')
  })

})
