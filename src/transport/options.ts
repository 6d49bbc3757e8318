import type { BreakerConfig } from './circuitBreaker'
import type { ConnectionSettings } from './connection'
import {
  DEFAULT_CIRCUIT_BREAKER, DEFAULT_HEARTBEAT, DEFAULT_HIDDEN_GRACE_MS, DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_POLL_INTERVAL_MS, DEFAULT_QUALITY, DEFAULT_SNAPSHOT_TIMEOUT_MS, DEFAULT_RECONNECT, DEFAULT_SEND_BUFFER_SIZE, DEFAULT_STAGGER_MS,
} from './defaults'
import type { EndpointConfig, PoolOptions } from './types'

export interface ResolvedPoolOptions {
  endpoints: ConnectionSettings[]
  staggerMs: number
  maxConnections: number
  pauseWhenHidden: boolean
  hiddenGraceMs: number
  sharedRecovery: boolean
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

const asGetter = (url: string | (() => string), path: string): (() => string) => {
  if (typeof url === 'function') return url
  if (typeof url !== 'string' || url === '') return fail(`${path} must be a non-empty string or a function returning one`)
  return () => url
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
  requireNumbers(options.reconnect, 'reconnect', ['maxAttempts'])
  requireNumbers(options.circuitBreaker, 'circuitBreaker', ['failureThreshold', 'halfOpenMaxAttempts'])
  requireNumbers(options.heartbeat, 'heartbeat')
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
    if (endpoint.heartbeat !== false) requireNumbers(endpoint.heartbeat, `${path}.heartbeat`)
    requireNumber(endpoint.poll?.intervalMs, `${path}.poll.intervalMs`, { min: 1 })
    const snapshotTimeoutMs = endpoint.poll?.snapshotTimeoutMs
    if (snapshotTimeoutMs !== false) requireNumber(snapshotTimeoutMs, `${path}.poll.snapshotTimeoutMs`, { min: 1 })
    requireTypes(endpoint.types, `${path}.types`)
    return {
      name: endpoint.name,
      url: asGetter(endpoint.url, `${path}.url`),
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
      heartbeat: endpoint.heartbeat === false ? null : { ...DEFAULT_HEARTBEAT, ...options.heartbeat, ...endpoint.heartbeat },
      quality,
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      sendBufferSize: options.sendBufferSize ?? DEFAULT_SEND_BUFFER_SIZE,
    }
  })
  return {
    endpoints,
    staggerMs: options.staggerMs ?? DEFAULT_STAGGER_MS,
    maxConnections: options.maxConnections ?? Number.POSITIVE_INFINITY,
    pauseWhenHidden: options.pauseWhenHidden ?? true,
    hiddenGraceMs: options.hiddenGraceMs ?? DEFAULT_HIDDEN_GRACE_MS,
    sharedRecovery: options.sharedRecovery ?? true,
  }
}
