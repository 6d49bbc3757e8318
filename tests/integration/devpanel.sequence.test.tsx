// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { EndpointHealth, TransportMetrics } from 'zustand-realtime'
import { createConnectionPool } from 'zustand-realtime/transport'
import { EndpointRow } from '../../src/devpanel/ui/EndpointRow'
import { MetricsStrip } from '../../src/devpanel/ui/MetricsStrip'

const health = (change: Partial<EndpointHealth> = {}): EndpointHealth => ({
  status: 'connected', circuitState: 'closed', paused: false, fallback: 'none', reconnectAttempts: 0, consecutiveFailures: 0,
  nextRetryAt: null, circuitOpenUntil: null, lastError: null, dataError: null, lastMessageTime: 1, connectedAt: 1, latencyMs: 5, quality: 'excellent',
  isConnected: true, connectionQuality: 'excellent', lastUpdated: 1, heartbeat: 'on', ...change,
})

const row = (change: Partial<EndpointHealth>) => {
  const pool = createConnectionPool({ endpoints: [{ name: 'queue', url: 'ws://h/queue' }], lifecycle: null })
  const view = { name: 'queue', health: health(change), chaos: { dropPongs: false, latencyMs: 0, blockConnects: false, tripped: false }, activeChaos: [], rtt: [], messagesPerSecond: null, foreignFrames: 0 }
  const { container } = render(<table><tbody><EndpointRow view={view} now={0} controls={pool.chaos} onInspect={() => {}} /></tbody></table>)
  return container.querySelector('[data-col="seq"] [data-seq]')
}

describe('dev panel: seq checks', () => {
  afterEach(cleanup)

  it('a row shows the last applied seq, and gaps, resyncs and a running resync once there are any', () => {
    expect(row({ sequence: { lastSeq: 41, resyncing: false, gapsDetected: 0, resyncs: 0 } })?.textContent).toBe('41')
    const gapped = row({ sequence: { lastSeq: 7, resyncing: true, gapsDetected: 2, resyncs: 2 } })
    expect(gapped?.textContent).toBe('7 · 2 gaps / 2 resyncs · resyncing')
    expect(gapped?.getAttribute('data-resyncing')).toBe('on')
  })

  it('no seq cell for an endpoint whose seq checks are off', () => {
    expect(row({})).toBeNull()
  })

  it('the pool metrics show seq gaps / resyncs', () => {
    const pool = createConnectionPool({ endpoints: [{ name: 'queue', url: 'ws://h/queue' }], lifecycle: null })
    const metrics: TransportMetrics = { ...pool.metrics(), gapsDetected: 3, resyncs: 2 }
    const { container } = render(<MetricsStrip metrics={metrics} />)
    expect(container.querySelector('[data-metric="sequence"]')?.textContent).toBe('3 / 2')
  })
})
