import { WebSocket } from 'ws'
import { reportMetrics } from 'zustand-realtime/reporter'
import { createConnectionPool, type ConnectionPool, type TransportMetrics } from 'zustand-realtime/transport'
import { freePort } from '../../server/freePort'
import { wsPath } from '../../src/store/dashboard/feeds'
import { waitFor } from './transportHarness'

export interface ReportingFleet {
  healthy: ConnectionPool
  failing: ConnectionPool
  /**
   * Waits until the fleet has settled — the healthy sockets up and pinging, the dead endpoint's circuit
   * open (nothing more will happen to it) — then sends one last report per client and stops reporting,
   * so the collector's figures stop moving. Returns what the pools counted.
   */
  settle(): Promise<{ produced: TransportMetrics[]; attempts: number; successes: number }>
  /** Stops the reporters and disconnects the pools (idempotent). */
  stop(): void
}

/**
 * Two real clients reporting to a collector at `reportsUrl`: `healthy` (queue and routes on `wsBase`,
 * pinging every 200 ms) and `failing` (queue on `wsBase`, and `dead` on a port nobody listens on, whose
 * circuit opens after 3 failures). `applyFrames`: the healthy client accepts each frame as a store does,
 * so it reports freshness from the server's `publishedAt`.
 */
export async function startReportingFleet(wsBase: string, reportsUrl: string, options: { intervalMs: number; applyFrames?: boolean }): Promise<ReportingFleet> {
  const deadPort = await freePort()
  const healthy = createConnectionPool({
    endpoints: ['queue', 'routes'].map((name) => ({ name, url: wsBase + wsPath(name) })),
    WebSocket, lifecycle: null, staggerMs: 0, heartbeat: { interval: 200, timeout: 2000 },
  })
  const failing = createConnectionPool({
    endpoints: [
      { name: 'queue', url: wsBase + wsPath('queue') },
      { name: 'dead', url: `ws://127.0.0.1:${deadPort}/api/v1/ws/dead` },
    ],
    WebSocket, lifecycle: null, staggerMs: 0,
    reconnect: { baseDelay: 20, maxDelay: 40, jitterMax: 10 },
    circuitBreaker: { failureThreshold: 3, recoveryTimeout: 600_000 },
  })
  if (options.applyFrames === true) for (const name of ['queue', 'routes']) healthy.subscribe(name, (message) => healthy.accept(name, message))
  const pools = [healthy, failing]
  const reporters = pools.map((pool) => reportMetrics(pool, { url: reportsUrl, intervalMs: options.intervalMs, environment: null }))
  for (const pool of pools) void pool.connect()
  const stop = (): void => {
    for (const reporter of reporters) reporter.stop()
    for (const pool of pools) pool.disconnect()
  }
  return {
    healthy,
    failing,
    async settle() {
      await waitFor('healthy connected and pinging, dead circuit open', () =>
        healthy.healthAll().queue?.status === 'connected' && healthy.healthAll().routes?.status === 'connected' && healthy.metrics().latencyMs.count > 0
        && failing.health('dead').circuitState === 'open' && failing.health('queue').status === 'connected', { timeoutMs: 15_000 })
      for (const reporter of reporters) {
        if (!(await reporter.flush())) throw new Error('a last report was not accepted by the collector')
        reporter.stop()
      }
      const produced = pools.map((pool) => pool.metrics())
      return { produced, attempts: produced.reduce((sum, m) => sum + m.attempts, 0), successes: produced.reduce((sum, m) => sum + m.successes, 0) }
    },
    stop,
  }
}
