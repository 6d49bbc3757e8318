import type { BreakerConfig } from './circuitBreaker'
import { MAX_TIMER_MS } from './clock'
import type { ConnectionSettings } from './connectionContract'
import {
  DEFAULT_CIRCUIT_BREAKER, DEFAULT_HEARTBEAT, DEFAULT_HIDDEN_GRACE_MS, DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_POLL_INTERVAL_MS, DEFAULT_QUALITY, DEFAULT_SNAPSHOT_TIMEOUT_MS, DEFAULT_RECONNECT, DEFAULT_SEND_BUFFER_SIZE, DEFAULT_STAGGER_MS,
} from './defaults'
import { defaultProtocol, type WireProtocol } from './protocol'
import type { AuthConfig, EndpointConfig, HeartbeatConfig, PoolOptions } from './types'

export interface ResolvedPoolOptions {
  endpoints: ConnectionSettings[]
  staggerMs: number
  maxConnections: number
  pauseWhenHidden: boolean
  hiddenGraceMs: number
  sharedRecovery: boolean
  sharedSchedule: boolean
}

const fail = (message: string): never => {
  throw new Error(`zustand-realtime: ${message}`)
}

function requireNumber(value: unknown, path: string, { min = 0, integer = false } = {}): void {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    fail(`${path} must be a${integer ? 'n integer' : ' finite number'} ≥ ${min}, got ${JSON.stringify(value)}`)
  }
}

function asGetter<T extends string | Promise<string>>(url: string | (() => T), path: string): () => string | T {
  if (typeof url === 'function') return url
  if (typeof url !== 'string' || url === '') return fail(`${path} must be a non-empty string or a function returning one`)
  return () => url
}

function requireHeartbeat(value: Partial<HeartbeatConfig> | false | undefined, path: string): void {
  if (value === undefined || value === false) return
  if (typeof value !== 'object' || value === null) fail(`${path} must be { interval?, timeout? } or false, got ${JSON.stringify(value)}`)
  for (const key of ['interval', 'timeout'] as const) {
    const ms = value[key]
    if (ms === undefined) continue
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS) {
      fail(`${path}.${key} must be a finite number of ms > 0 and ≤ ${MAX_TIMER_MS} (2^31−1), got ${JSON.stringify(ms)}`)
    }
  }
}

function requireProtocol(value: WireProtocol | undefined, path: string): void {
  if (value === undefined) return
  const missing = (['parse', 'ping', 'pongTimestamp', 'serverPingReply'] as const).filter((key) => typeof value?.[key] !== 'function')
  if (missing.length > 0) fail(`${path} must be a WireProtocol with functions parse, ping, pongTimestamp and serverPingReply; missing: ${missing.join(', ')} (or use envelopeProtocol({ type, data }))`)
}

function requireAuth(value: AuthConfig | undefined, path: string): void {
  if (value !== undefined && typeof value?.refresh !== 'function') fail(`${path} must be { refresh(): Promise<void> | void }`)
}

function requireTypes(types: unknown, path: string): void {
  if (types === undefined) return
  if (!Array.isArray(types) || types.some((type) => typeof type !== 'string' || type === '')) fail(`${path} must be an array of non-empty message type strings, got ${JSON.stringify(types)}`)
}

function requireNumbers(record: object | undefined, path: string, integers: readonly string[] = []): void {
  if (record === undefined) return
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'jitter') requireNumber(value, `${path}.${key}`, { integer: integers.includes(key) })
  }
}

/** Checks what a user passed and fills in SPEC §5 defaults; a mistake throws an Error saying what to fix. */
export function resolvePoolOptions(options: PoolOptions): ResolvedPoolOptions {
  if (typeof options !== 'object' || options === null) fail('createConnectionPool needs an options object with `endpoints`')
  if (!Array.isArray(options.endpoints) || options.endpoints.length === 0) fail('`endpoints` must be a non-empty array of { name, url }')
  requireNumber(options.staggerMs, 'staggerMs')
  requireNumber(options.hiddenGraceMs, 'hiddenGraceMs')
  requireNumber(options.maxConnections, 'maxConnections', { min: 1, integer: true })
  requireNumber(options.sendBufferSize, 'sendBufferSize', { integer: true })
  requireNumber(options.maxMessageBytes, 'maxMessageBytes', { min: 1 })
  requireNumber(options.resumeWindowMs, 'resumeWindowMs')
  requireNumbers(options.reconnect, 'reconnect', ['maxAttempts'])
  requireNumbers(options.circuitBreaker, 'circuitBreaker', ['failureThreshold', 'halfOpenMaxAttempts'])
  requireHeartbeat(options.heartbeat, 'heartbeat')
  requireProtocol(options.protocol, 'protocol')
  requireAuth(options.auth, 'auth')
  requireNumbers(options.quality, 'quality')
  const jitter = options.reconnect?.jitter
  if (jitter !== undefined && !['additive', 'full', 'decorrelated'].includes(jitter)) fail(`reconnect.jitter must be 'additive', 'full' or 'decorrelated', got ${JSON.stringify(jitter)}`)

  const reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect }
  const circuit = { ...DEFAULT_CIRCUIT_BREAKER, ...options.circuitBreaker }
  const breaker: BreakerConfig = { ...circuit, threshold: Math.max(1, Math.min(circuit.failureThreshold, reconnect.maxAttempts)) }
  const quality = { ...DEFAULT_QUALITY, ...options.quality }
  const names = new Set<string>()
  const endpoints = options.endpoints.map((endpoint: EndpointConfig, order): ConnectionSettings => {
    const path = `endpoints[${order}]`
    if (typeof endpoint?.name !== 'string' || endpoint.name === '') fail(`${path}.name must be a non-empty string`)
    if (names.has(endpoint.name)) fail(`endpoint names must be unique: "${endpoint.name}" appears twice`)
    names.add(endpoint.name)
    const priority = endpoint.priority ?? 2
    if (![1, 2, 3].includes(priority)) fail(`${path}.priority must be 1, 2 or 3, got ${JSON.stringify(priority)}`)
    requireHeartbeat(endpoint.heartbeat, `${path}.heartbeat`)
    requireProtocol(endpoint.protocol, `${path}.protocol`)
    requireAuth(endpoint.auth, `${path}.auth`)
    const heartbeat = endpoint.heartbeat ?? options.heartbeat
    requireNumber(endpoint.poll?.intervalMs, `${path}.poll.intervalMs`, { min: 1 })
    const snapshotTimeoutMs = endpoint.poll?.snapshotTimeoutMs
    if (snapshotTimeoutMs !== false) requireNumber(snapshotTimeoutMs, `${path}.poll.snapshotTimeoutMs`, { min: 1 })
    requireTypes(endpoint.types, `${path}.types`)
    return {
      name: endpoint.name,
      url: asGetter<string | Promise<string>>(endpoint.url, `${path}.url`),
      staticUrl: typeof endpoint.url === 'string' ? endpoint.url : null,
      priority,
      order,
      poll: endpoint.poll
        ? {
            url: asGetter(endpoint.poll.url, `${path}.poll.url`),
            intervalMs: endpoint.poll.intervalMs ?? DEFAULT_POLL_INTERVAL_MS,
            snapshotTimeoutMs: snapshotTimeoutMs === false ? null : snapshotTimeoutMs ?? DEFAULT_SNAPSHOT_TIMEOUT_MS,
          }
        : null,
      reconnect,
      breaker,
      heartbeat: heartbeat === false ? null : { ...DEFAULT_HEARTBEAT, ...(options.heartbeat || {}), ...heartbeat },
      protocol: endpoint.protocol ?? options.protocol ?? defaultProtocol,
      auth: endpoint.auth ?? options.auth ?? null,
      quality,
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      sendBufferSize: options.sendBufferSize ?? DEFAULT_SEND_BUFFER_SIZE,
      checkSeq: endpoint.checkSeq ?? options.checkSeq ?? true,
      resumeWindowMs: options.resumeWindowMs ?? 0,
    }
  })
  return {
    endpoints,
    staggerMs: options.staggerMs ?? DEFAULT_STAGGER_MS,
    maxConnections: options.maxConnections ?? Number.POSITIVE_INFINITY,
    pauseWhenHidden: options.pauseWhenHidden ?? true,
    hiddenGraceMs: options.hiddenGraceMs ?? DEFAULT_HIDDEN_GRACE_MS,
    sharedRecovery: options.sharedRecovery ?? true,
    sharedSchedule: options.sharedSchedule ?? true,
  }
}
