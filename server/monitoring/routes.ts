import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Registry } from 'prom-client'
import type { Collector } from './collector'

/** What the HTTP routes need of the monitoring: the collector and its Prometheus registry. */
export interface Monitoring {
  collector: Collector
  registry: Registry
}

type Send = (response: ServerResponse, status: number, body: unknown) => void
type ReadBody = (request: IncomingMessage) => Promise<unknown>

/**
 * `POST /reports`, `GET /monitoring`, `GET /alerts`, `GET /metrics/prometheus`; false when the
 * path is none of them. Reports come as text/plain (a simple request: no CORS preflight) or JSON.
 */
export const handleMonitoring = (monitoring: Monitoring, pathname: string, method: string, request: IncomingMessage, response: ServerResponse, sendJson: Send, readBody: ReadBody): boolean => {
  if (pathname === '/reports') {
    if (method !== 'POST') sendJson(response, 405, { error: 'POST a metrics report' })
    else {
      void readBody(request).then(
        (body) => {
          const result = monitoring.collector.ingest(body)
          sendJson(response, result.ok ? 202 : 400, result)
        },
        (error: unknown) => sendJson(response, 400, { ok: false, error: error instanceof Error ? error.message : 'bad body' }),
      )
    }
    return true
  }
  if (method !== 'GET' && method !== 'HEAD') return false
  if (pathname === '/monitoring') {
    sendJson(response, 200, monitoring.collector.monitoring())
    return true
  }
  if (pathname === '/alerts') {
    sendJson(response, 200, { at: Date.now(), alerts: monitoring.collector.alerts() })
    return true
  }
  if (pathname === '/metrics/prometheus') {
    void monitoring.registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'Content-Type': monitoring.registry.contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' })
        response.end(text)
      },
      () => sendJson(response, 500, { error: 'metrics failed' }),
    )
    return true
  }
  return false
}
