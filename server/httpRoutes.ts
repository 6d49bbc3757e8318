import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { FEED_NAMES, type FeedName, pollPath } from '../src/store/dashboard/feeds'
import type { ServerControl } from './control'
import { runControlCommand } from './controlCommands'
import type { ServerMetrics } from './metrics'
import { handleMonitoring, type Monitoring } from './monitoring/routes'

export interface HttpContext {
  /** A feed's snapshot frame, serialized; null while this instance cannot vouch for it (Redis lost). */
  snapshotOf(name: FeedName): string | null
  metrics(): ServerMetrics
  /** null when the server was started without `control: true`: `/__control` is then a 404. */
  control: ServerControl | null
  /** The fleet's collector (`POST /reports`, `/monitoring`, `/alerts`, `/metrics/prometheus`); null: none. */
  monitoring?: Monitoring | null
}

const FEED_BY_POLL_PATH = new Map<string, FeedName>(FEED_NAMES.map((name) => [pollPath(name), name]))
const MAX_CONTROL_BODY_BYTES = 64 * 1024

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
}

const sendJson = (response: ServerResponse, status: number, body: unknown): void => sendText(response, status, JSON.stringify(body))

const sendText = (response: ServerResponse, status: number, text: string): void => {
  response.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  response.end(text)
}

const readJsonBody = async (request: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))
    size += bytes.length
    if (size > MAX_CONTROL_BODY_BYTES) throw new SyntaxError('body too large')
    chunks.push(bytes)
  }
  return JSON.parse(Buffer.concat(chunks).toString() || 'null')
}

const handleControl = async (control: ServerControl, request: IncomingMessage, response: ServerResponse): Promise<void> => {
  let body: unknown
  try {
    body = await readJsonBody(request)
  } catch (error) {
    return sendJson(response, 400, { ok: false, error: error instanceof Error ? error.message : 'bad body' })
  }
  const result = runControlCommand(control, body)
  sendJson(response, result.ok ? 200 : 400, result)
}

/** Polling snapshots, health, metrics, the fleet's monitoring and (opt-in) the control API. */
export const createRequestHandler =
  ({ snapshotOf, metrics, control, monitoring = null }: HttpContext): RequestListener =>
  (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost')
    const method = request.method ?? 'GET'
    if (method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS)
      return void response.end()
    }
    if (pathname === '/__control' && control && method === 'POST') {
      return void handleControl(control, request, response).catch(() => sendJson(response, 500, { ok: false }))
    }
    if (pathname === '/__control') return sendJson(response, 404, { error: 'control API not enabled' })
    if (monitoring !== null && handleMonitoring(monitoring, pathname, method, request, response, sendJson, readJsonBody)) return
    if (method !== 'GET' && method !== 'HEAD') return sendJson(response, 405, { error: 'method not allowed' })
    if (pathname === '/healthz') return sendJson(response, 200, { ok: true })
    if (pathname === '/metrics') return sendJson(response, 200, metrics())
    const feed = FEED_BY_POLL_PATH.get(pathname)
    const snapshot = feed && snapshotOf(feed)
    if (snapshot) return sendText(response, 200, snapshot)
    if (feed) return sendJson(response, 503, { error: 'snapshot unavailable: this instance lost its topic space (Redis); try another' })
    sendJson(response, 404, { error: 'not found' })
  }
