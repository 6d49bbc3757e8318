import { parseHistogram, type HistogramData } from './histogram'

/** The body of `POST /reports` (version 1). JSON; see docs/PROTOCOL.md "Metrics reports". */
export interface MetricsReport {
  v: 1
  /** Random per reporter (one page, one store): the collector keys clients by it. */
  client: string
  /** 1, 2, 3… per client; a repeat or an older one is ignored. */
  seq: number
  /** Client wall clock, ms since the epoch. */
  at: number
  /** The reporter's interval: a client silent for much longer is counted as gone. */
  intervalMs: number
  /** `own`: sockets of its own; `leader`/`follower`: tabs sharing one connection set (followers report no transport counters). */
  role: 'own' | 'leader' | 'follower'
  /** Sent on `pagehide` (or `stop()`): the client left on purpose and is not a disconnected user. */
  final: boolean
  /** Transport counters since the last delivered report. */
  counters: ReportCounters
  /** Endpoint counts right now. */
  health: ReportHealth
  /** Timings since the last delivered report, on the shared bucket bounds. */
  histograms: { rttMs: HistogramData; reconnectMs: HistogramData; freshnessMs: HistogramData }
  /** The page's memory, where the browser tells it; null elsewhere. */
  memory: MemoryReading | null
  /** Free-form labels (app, version); at most 8, short strings. */
  labels: Record<string, string>
}

export const COUNTER_NAMES = [
  'attempts', 'successes', 'failures', 'circuitOpenings', 'circuitRecoveries', 'messagesIn', 'messagesDropped', 'messagesRejected', 'gapsDetected', 'resyncs',
] as const
export type CounterName = (typeof COUNTER_NAMES)[number]
export type ReportCounters = Record<CounterName, number>

export interface ReportHealth {
  endpoints: number
  connected: number
  /** Circuits per state. */
  closed: number
  open: number
  halfOpen: number
  /** Endpoints on the polling fallback. */
  polling: number
  /** Endpoints paused (hidden tab, offline). */
  paused: number
}

export interface MemoryReading {
  bytes: number
  source: 'measureUserAgentSpecificMemory' | 'performance.memory'
}

export const zeroCounters = (): ReportCounters => Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as ReportCounters

const HEALTH_KEYS = ['endpoints', 'connected', 'closed', 'open', 'halfOpen', 'polling', 'paused'] as const
const MAX_LABELS = 8
const MAX_LABEL_LENGTH = 64

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0
const field = (object: object, key: string): unknown => Reflect.get(object, key)

/** A report read from the wire; a string says what is wrong with it. */
export const parseReport = (body: unknown): MetricsReport | string => {
  if (typeof body !== 'object' || body === null) return 'not an object'
  if (field(body, 'v') !== 1) return 'v must be 1'
  const client = field(body, 'client')
  if (typeof client !== 'string' || client.length === 0 || client.length > 64) return 'client must be a string of 1–64 characters'
  const seq = field(body, 'seq')
  const at = field(body, 'at')
  const intervalMs = field(body, 'intervalMs')
  if (!isCount(seq) || typeof at !== 'number' || !Number.isFinite(at) || typeof intervalMs !== 'number' || !(intervalMs > 0)) return 'seq, at and intervalMs must be numbers'
  const role = field(body, 'role')
  if (role !== 'own' && role !== 'leader' && role !== 'follower') return 'role must be own, leader or follower'
  const final = field(body, 'final')
  if (typeof final !== 'boolean') return 'final must be a boolean'
  const countersIn = field(body, 'counters')
  if (typeof countersIn !== 'object' || countersIn === null) return 'counters missing'
  const counters = zeroCounters()
  for (const name of COUNTER_NAMES) {
    const value = field(countersIn, name)
    if (!isCount(value)) return `counters.${name} must be a whole number ≥ 0`
    counters[name] = value
  }
  const healthIn = field(body, 'health')
  if (typeof healthIn !== 'object' || healthIn === null) return 'health missing'
  const health: ReportHealth = { endpoints: 0, connected: 0, closed: 0, open: 0, halfOpen: 0, polling: 0, paused: 0 }
  for (const key of HEALTH_KEYS) {
    const value = field(healthIn, key)
    if (!isCount(value)) return `health.${key} must be a whole number ≥ 0`
    health[key] = value
  }
  const histogramsIn = field(body, 'histograms')
  if (typeof histogramsIn !== 'object' || histogramsIn === null) return 'histograms missing'
  const rttMs = parseHistogram(field(histogramsIn, 'rttMs'))
  const reconnectMs = parseHistogram(field(histogramsIn, 'reconnectMs'))
  const freshnessMs = parseHistogram(field(histogramsIn, 'freshnessMs'))
  if (rttMs === null || reconnectMs === null || freshnessMs === null) return 'histograms.rttMs, reconnectMs and freshnessMs must be histograms on the shared bounds'
  const memoryIn = field(body, 'memory')
  let memory: MemoryReading | null = null
  if (memoryIn !== null && memoryIn !== undefined) {
    if (typeof memoryIn !== 'object') return 'memory must be an object or null'
    const bytes = field(memoryIn, 'bytes')
    const source = field(memoryIn, 'source')
    if (!isCount(bytes) || (source !== 'measureUserAgentSpecificMemory' && source !== 'performance.memory')) return 'memory must be { bytes, source }'
    memory = { bytes, source }
  }
  const labelsIn = field(body, 'labels') ?? {}
  if (typeof labelsIn !== 'object' || labelsIn === null) return 'labels must be an object'
  const entries = Object.entries(labelsIn)
  if (entries.length > MAX_LABELS) return `at most ${MAX_LABELS} labels`
  const labels: Record<string, string> = {}
  for (const [key, value] of entries) {
    if (typeof value !== 'string' || key.length > MAX_LABEL_LENGTH || value.length > MAX_LABEL_LENGTH) return 'labels must be short strings'
    labels[key] = value
  }
  return { v: 1, client, seq, at, intervalMs, role, final, counters, health, histograms: { rttMs, reconnectMs, freshnessMs }, memory, labels }
}
