// @vitest-environment jsdom
import { render, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { createDashboardStore, RealtimeProvider, type DashboardStore } from 'zustand-realtime'
import { getDevPanelRoot, TransportDevPanel } from 'zustand-realtime/devpanel'
import { demoFeeds } from '../../src/demo/model/demoFeeds'
import { settle, useDevPanelBackend } from '../helpers/devpanelFixture'

const BASE = 'ws://frames.test'
let store: DashboardStore<typeof demoFeeds>
const backend = useDevPanelBackend(BASE, () => store)

const panel = () => {
  const root = getDevPanelRoot()?.querySelector<HTMLElement>('.zrdp-root')
  if (!root) throw new Error('the dev panel is not mounted')
  return within(root)
}

describe('the frame inspector', () => {
  it('one click from a row with a data error: the rejected frame, why, and its JSON on demand', async () => {
    store = createDashboardStore(BASE, { lifecycle: null, random: () => 0.5, devtools: { enabled: false }, feeds: demoFeeds })
    render(
      <RealtimeProvider store={store}>
        <TransportDevPanel store={store} initialOpen />
      </RealtimeProvider>,
    )
    await settle(2000)
    backend.scenario.sendGarbage('routes')
    await settle(500)
    expect(store.getState().connections.routes?.dataError).not.toBeNull()
    const row = within(panel().getByTestId('devpanel-row-routes'))
    expect(row.getByText(/data error ×\d+/)).toBeTruthy()
    expect(panel().getByTestId('devpanel-toggle').getAttribute('aria-label')).toMatch(/1 data error/)

    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime.bind(vi) })
    await user.click(row.getByRole('button', { name: 'Frames of routes' }))
    await settle(300)
    const frames = within(panel().getByTestId('devpanel-frames'))
    const listed = frames.getAllByTestId('devpanel-frame')
    expect(listed.map((item) => item.getAttribute('data-verdict'))).toContain('accepted') // the snapshot
    expect(listed.map((item) => item.getAttribute('data-verdict'))).toContain('dropped') // the garbage
    expect(frames.getByRole('note').textContent).toMatch(/^Latest frame rejected/)

    const snapshotRow = listed.find((item) => item.getAttribute('data-verdict') === 'accepted')
    if (snapshotRow === undefined) throw new Error('no accepted frame listed')
    await user.click(within(snapshotRow).getByRole('button', { name: 'JSON' }))
    expect(snapshotRow.querySelector('pre')?.textContent).toContain('"type": "routes_update"')

    await user.click(frames.getByRole('button', { name: 'Close frames' }))
    expect(panel().queryByTestId('devpanel-frames')).toBeNull()
  })
})
