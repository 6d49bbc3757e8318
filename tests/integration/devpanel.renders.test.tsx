// @vitest-environment jsdom
import { render, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Profiler, type ReactNode } from 'react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useStore } from 'zustand'
import { createDashboardStore, RealtimeProvider, useEndpointStatus, type DashboardStore } from 'zustand-realtime'
import { getDevPanelRoot, TransportDevPanel } from 'zustand-realtime/devpanel'
import { settle, useDevPanelBackend } from '../helpers/devpanelFixture'

const BASE = 'ws://devpanel-renders.test'
let store: DashboardStore
const backend = useDevPanelBackend(BASE, () => store)

const renders = { shell: 0, workflows: 0, queueStatus: 0, panelCommits: 0 }
const resetCounts = () => Object.assign(renders, { shell: 0, workflows: 0, queueStatus: 0, panelCommits: 0 })
const hostRenders = () => ({ shell: renders.shell, workflows: renders.workflows, queueStatus: renders.queueStatus })

function WorkflowsSeq() {
  const seq = useStore(store, (state) => state.seq.workflows)
  renders.workflows += 1
  return <p>workflows #{seq}</p>
}
function QueueStatus() {
  const status = useEndpointStatus(store, 'queue')
  renders.queueStatus += 1
  return <p data-testid="queue-status">{status}</p>
}
/** The host app: the panel is one of its children, as in the demo. */
function Shell({ children }: { children: ReactNode }) {
  renders.shell += 1
  return (
    <main>
      <WorkflowsSeq />
      <QueueStatus />
      {children}
    </main>
  )
}

const panel = () => {
  const root = getDevPanelRoot()?.querySelector<HTMLElement>('.zrdp-root')
  if (!root) throw new Error('the dev panel is not mounted')
  return within(root)
}
/** Five seconds of live traffic: heartbeats every second, a burst of workflow updates. */
const workload = async () => {
  await settle(2500)
  backend.scenario.pushBurst('workflows', 3)
  await settle(2500)
}

beforeEach(() => {
  store = createDashboardStore(BASE, { lifecycle: null, random: () => 0.5, heartbeat: { interval: 1000, timeout: 5000 }, devtools: { enabled: false } })
})

describe('an open panel does not re-render the host app', () => {
  it('the same traffic renders the host the same number of times with the panel closed and open; panel-only actions render it zero times', async () => {
    render(
      <RealtimeProvider store={store}>
        <Shell>
          <Profiler id="devpanel" onRender={() => { renders.panelCommits += 1 }}>
            <TransportDevPanel store={store} />
          </Profiler>
        </Shell>
      </RealtimeProvider>,
    )
    await settle(2000)
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime.bind(vi) })

    resetCounts()
    await workload()
    const closed = { host: hostRenders(), panelCommits: renders.panelCommits }

    resetCounts()
    await user.click(panel().getByTestId('devpanel-toggle'))
    await workload()
    const open = { host: hostRenders(), panelCommits: renders.panelCommits }
    console.log(`[devpanel] 5 s of traffic — host renders closed ${JSON.stringify(closed.host)}, open ${JSON.stringify(open.host)}; panel commits closed ${closed.panelCommits}, open ${open.panelCommits}`)

    expect(open.host).toEqual(closed.host)
    expect(open.host.shell).toBe(0)
    expect(open.host.workflows).toBeGreaterThan(0) // the counters are live: the burst did render its selector
    expect(open.panelCommits).toBeGreaterThanOrEqual(5) // the panel did update (1 Hz sampling at least)

    resetCounts()
    await user.selectOptions(panel().getByRole('combobox', { name: 'Filter timeline by endpoint' }), 'queue')
    await user.selectOptions(panel().getByRole('combobox', { name: 'Panel size' }), 'large')
    await user.selectOptions(panel().getByRole('combobox', { name: 'Panel position' }), 'top-left')
    await user.click(within(panel().getByTestId('devpanel-row-routes')).getByRole('button', { name: 'Drop pongs' }))
    await user.click(within(panel().getByTestId('devpanel-row-routes')).getByRole('button', { name: 'Add latency' }))
    await user.click(panel().getByTestId('devpanel-toggle'))
    await settle(1000)
    expect(hostRenders()).toEqual({ shell: 0, workflows: 0, queueStatus: 0 })
    expect(renders.panelCommits).toBeGreaterThan(0)
  })
})
