import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'
import { encodeFrame } from '../src/mocks/foreignPayloads'
import { FEED_NAMES, type FeedName } from '../src/store/dashboard/feeds'
import { admit } from './admission'
import { type ServerControl, createControl } from './control'
import { createFaults } from './faults'
import { createFeedSource } from './feedSource'
import { createRequestHandler } from './httpRoutes'
import { type ServerMetrics, createMetricsRecorder } from './metrics'
import { type ServerOptions, resolveOptions } from './options'
import { attachPeer } from './peer'
import { createRegistry } from './registry'
import { resumeFrames } from './redis/resume'
import { startTopicBus } from './redis/startTopicBus'
import { createUpdateLoop } from './updateLoop'
import { createCollector, type Collector } from './monitoring/collector'
import { createPrometheusRegistry } from './monitoring/prometheus'
import { createUpgradeHandler } from './upgrade'

export interface RunningServer {
  port: number
  /** `http://host:port` */
  url: string
  /** `ws://host:port`; endpoints live at `${wsBase}/api/v1/ws/<name>`. */
  wsBase: string
  /** Closes every socket (1001 unless told otherwise), stops every timer, then the http server. */
  close(code?: number, reason?: string): Promise<void>
  metrics(): ServerMetrics
  control: ServerControl
  /** Whether this process runs the world generator (always, alone; one instance of a Redis cluster). */
  generating(): boolean
  /** The fleet's metrics reports (`POST /reports`), as `GET /monitoring` and `GET /alerts` show them. */
  collector: Collector
}

/** Sockets that ignore our close frame this long are cut off, so `close()` stays quick. */
const CLOSE_GRACE_MS = 500
/** Alerts are evaluated this often even when nobody asks, so each state's `since` is right. */
const ALERT_EVALUATION_MS = 5000

const listen = (server: Server, port: number, host: string): Promise<AddressInfo> =>
  new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address()
      if (address === null || typeof address === 'string') reject(new Error('not listening on TCP'))
      else resolve(address)
    })
  })

const closeSockets = (sockets: Iterable<WebSocket>, code: number, reason: string): Promise<void> => {
  const open = [...sockets].filter((socket) => socket.readyState !== WebSocket.CLOSED)
  if (open.length === 0) return Promise.resolve()
  return new Promise((resolve) => {
    let remaining = open.length
    const graceTimer = setTimeout(() => open.forEach((socket) => socket.terminate()), CLOSE_GRACE_MS)
    const closed = (): void => {
      remaining -= 1
      if (remaining > 0) return
      clearTimeout(graceTimer)
      resolve()
    }
    for (const socket of open) {
      socket.once('close', closed)
      if (socket.readyState === WebSocket.OPEN) socket.close(code, reason)
      else socket.terminate()
    }
  })
}

export const startServer = async (options: ServerOptions = {}): Promise<RunningServer> => {
  const config = resolveOptions(options)
  const faults = createFaults()
  const metrics = createMetricsRecorder()
  const registry = createRegistry(faults, metrics)
  const feeds = createFeedSource(config.seed, Date.now())
  // The old backend sends every update on every socket; ours only to the sockets of its feed.
  const audienceOf = (name: FeedName): readonly FeedName[] => (config.legacy ? FEED_NAMES : [name])
  const broadcast = (name: FeedName, text: string): void => {
    for (const endpoint of audienceOf(name)) registry.broadcast(endpoint, text)
  }
  // One process, or one instance of several sharing their topics over Redis (server/redis/).
  const bus = await startTopicBus(config, feeds, broadcast, (frame) => encodeFrame(frame, config.payloads), () => registry.peers())
  const publish = (changed: readonly FeedName[]): void => bus.publish(changed)
  const updateLoop = createUpdateLoop(() => {
    if (bus.generating()) publish(feeds.tick(Date.now()))
  })
  const control = createControl({
    faults,
    registry,
    updateLoop,
    defaultRetryAfterMs: config.retryAfterMs,
    pushUpdate: (endpoint) => publish(feeds.touch(endpoint, Date.now())),
  })
  const metricsSnapshot = (): ServerMetrics => metrics.snapshot(registry.connections())
  // The fleet's reports (zustand-realtime/reporter), evaluated continuously so alerts know since when.
  const collector = createCollector(config.monitoring)
  const monitoring = { collector, registry: createPrometheusRegistry(collector, metricsSnapshot) }
  const alertTimer = setInterval(() => collector.alerts(), ALERT_EVALUATION_MS)
  alertTimer.unref()

  // Every socket, admitted or being turned away, is tracked by `wss.clients` for shutdown.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes })
  let closing = false
  const httpServer = createServer(
    createRequestHandler({ snapshotOf: bus.snapshot, metrics: metricsSnapshot, control: config.control ? control : null, monitoring }),
  )
  httpServer.on(
    'upgrade',
    createUpgradeHandler({
      wss,
      faults,
      metrics,
      isClosing: () => closing,
      onSocket(socket, endpoint, url, request) {
        // ws already closes the socket on its errors (1009 for an oversize frame, then 'error').
        socket.on('error', () => {})
        const admission = admit(
          { endpoint, origin: request.headers.origin, token: url.searchParams.get('token') },
          { total: registry.total(), onEndpoint: registry.count(endpoint) },
          config,
          faults,
        )
        if (!admission.ok) {
          metrics.rejected(admission.rejectReason)
          return socket.close(admission.code, admission.reason)
        }
        const snapshot = bus.snapshot(endpoint)
        if (snapshot === null) return socket.close(1013, JSON.stringify({ retryAfterMs: config.retryAfterMs }))
        const [first = snapshot, ...missed] = resumeFrames(bus, endpoint, url) ?? [snapshot]
        const peer = attachPeer(socket, endpoint, { registry, metrics, faults, idlePingMs: config.idlePingMs, snapshotOf: () => first, legacy: config.legacy })
        // Sent before anything else can be broadcast (same tick): the resumed stream stays in order.
        for (const frame of missed) registry.send(peer, frame)
      },
    }),
  )

  const address = await listen(httpServer, config.port, config.host)
  updateLoop.setInterval(config.updateIntervalMs)

  let closed: Promise<void> | null = null
  const close = (code = 1001, reason = 'server shutting down'): Promise<void> => {
    closed ??= (async () => {
      closing = true
      updateLoop.stop()
      clearInterval(alertTimer)
      const serverClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      await closeSockets(wss.clients, code, reason)
      wss.close()
      httpServer.closeAllConnections()
      await serverClosed
      await bus.close()
    })()
    return closed
  }

  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  return {
    port: address.port,
    url: `http://${host}:${address.port}`,
    wsBase: `ws://${host}:${address.port}`,
    close,
    metrics: metricsSnapshot,
    control,
    generating: bus.generating,
    collector,
  }
}
