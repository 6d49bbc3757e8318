// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { create } from 'zustand'
import { immer } from 'zustand/middleware/immer'
import { RealtimeProvider, transport, useEndpointHealth, useEndpointStatus, useRealtimeStore } from 'zustand-realtime'
import { leftovers, startFeedBackend, type FeedBackend } from '../helpers/storeBackend'
import { feedOptions, initialFeedState, type FeedState } from '../helpers/storeFixture'

let backend: FeedBackend

const makeStore = () => create<FeedState>()(transport(immer(() => initialFeedState), feedOptions(backend)))
type Store = ReturnType<typeof makeStore>

const renders = { workflows: 0, queue: 0, status: 0, health: 0 }

function Workflows({ store }: { store: Store }) {
  const workflows = store((state) => state.workflows)
  renders.workflows += 1
  return <p data-testid="workflows">{workflows.join(',')}</p>
}
function Queue({ store }: { store: Store }) {
  const queue = store((state) => state.queue)
  renders.queue += 1
  return <p data-testid="queue">{queue.join(',')}</p>
}
function QueueStatus() {
  const status = useEndpointStatus(useRealtimeStore(), 'queue')
  renders.status += 1
  return <p data-testid="queue-status">{status}</p>
}
function QueueHealth() {
  const health = useEndpointHealth(useRealtimeStore(), 'queue')
  renders.health += 1
  return <p data-testid="queue-last-message">{String(health?.lastMessageTime ?? 'never')}</p>
}

const mountDashboard = async (store: Store) => {
  const view = render(
    <RealtimeProvider store={store}>
      <Workflows store={store} />
      <Queue store={store} />
      <QueueStatus />
      <QueueHealth />
    </RealtimeProvider>,
  )
  await act(() => vi.advanceTimersByTimeAsync(500))
  expect(screen.getByTestId('queue-status').textContent).toBe('connected')
  return view
}

const sendQueue = async (value: number, thenWaitMs = 20) => {
  backend.send('queue', { type: 'queue_update', data: value })
  await act(() => vi.advanceTimersByTimeAsync(thenWaitMs))
}

beforeAll(() => {
  backend = startFeedBackend()
})
afterAll(() => backend.close())

beforeEach(() => {
  vi.useFakeTimers()
  Object.assign(renders, { workflows: 0, queue: 0, status: 0, health: 0 })
})

afterEach(async () => {
  cleanup()
  expect(await leftovers(backend)).toEqual({ openSockets: 0, timers: 0 })
})

describe('selective re-rendering', () => {
  it('a component selecting workflows does not re-render on queue messages', async () => {
    await mountDashboard(makeStore())
    const workflowRenders = renders.workflows
    const queueRenders = renders.queue

    for (let i = 0; i < 5; i += 1) await sendQueue(i)

    expect(screen.getByTestId('queue').textContent).toBe('0,1,2,3,4')
    expect(renders.queue).toBeGreaterThan(queueRenders)
    expect(renders.workflows).toBe(workflowRenders)

    backend.send('workflows', { type: 'workflows_update', data: 'deploy' })
    await act(() => vi.advanceTimersByTimeAsync(20))
    expect(screen.getByTestId('workflows').textContent).toBe('deploy')
    expect(renders.workflows).toBe(workflowRenders + 1)
  })

  it('a status selector does not re-render when only lastMessageTime moves', async () => {
    const store = makeStore()
    await mountDashboard(store)
    const statusRenders = renders.status
    const healthRenders = renders.health

    // The pool reports lastMessageTime at most once a second: space the messages out.
    await act(() => vi.advanceTimersByTimeAsync(1100))
    await sendQueue(1, 1500)
    const firstSeen = store.getState().connections.queue.lastMessageTime
    await sendQueue(2, 1500)
    await sendQueue(3, 1500)

    const lastSeen = store.getState().connections.queue.lastMessageTime
    expect(firstSeen).not.toBeNull()
    expect(lastSeen).toBeGreaterThan(firstSeen ?? Infinity)
    expect(screen.getByTestId('queue-last-message').textContent).toBe(String(lastSeen))
    expect(renders.health).toBeGreaterThan(healthRenders)
    expect(renders.status).toBe(statusRenders)
  })
})
