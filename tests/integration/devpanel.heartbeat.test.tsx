// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { EndpointHealth } from 'zustand-realtime'
import { createConnectionPool, HEARTBEAT_UNANSWERED_MESSAGE } from 'zustand-realtime/transport'
import { EndpointRow } from '../../src/devpanel/ui/EndpointRow'

const health = (heartbeat: EndpointHealth['heartbeat']): EndpointHealth => ({
  status: 'connected', circuitState: 'closed', paused: false, fallback: 'none', reconnectAttempts: 0, consecutiveFailures: 0,
  nextRetryAt: null, circuitOpenUntil: null, lastError: null, dataError: null, lastMessageTime: 1, connectedAt: 1, latencyMs: 5, quality: 'excellent',
  isConnected: true, connectionQuality: 'excellent', lastUpdated: 1, heartbeat,
})

const heartbeatNote = (heartbeat: EndpointHealth['heartbeat']) => {
  const pool = createConnectionPool({ endpoints: [{ name: 'queue', url: 'ws://h/queue' }], lifecycle: null })
  const view = { name: 'queue', health: health(heartbeat), chaos: { dropPongs: false, latencyMs: 0, blockConnects: false, tripped: false }, activeChaos: [], rtt: [], messagesPerSecond: null, foreignFrames: 0 }
  const { container } = render(<table><tbody><EndpointRow view={view} now={0} controls={pool.chaos} onInspect={() => {}} /></tbody></table>)
  return container.querySelector('[data-col="heartbeat"]')
}

describe('dev panel: a server that never answers pings', () => {
  afterEach(cleanup)

  it('the row says the heartbeat is off for want of a pong, and why, for as long as it lasts (not only in lastError)', () => {
    const note = heartbeatNote('unanswered')
    expect(note?.textContent).toBe('no pong: heartbeat off')
    expect(note?.getAttribute('title')).toBe(HEARTBEAT_UNANSWERED_MESSAGE)
    expect(HEARTBEAT_UNANSWERED_MESSAGE).toMatch(/does not answer pings.*set `heartbeat: false` or answer `ping`/)
  })

  it('nothing when the heartbeat runs, or was turned off on purpose', () => {
    expect(heartbeatNote('on')).toBeNull()
    expect(heartbeatNote('off')).toBeNull()
  })
})
