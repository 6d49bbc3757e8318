import type { HeartbeatConfig } from '../transport/types'

/**
 * Transport settings a page can take from its URL, so E2E tests (and curious developers) can
 * shorten intervals without a rebuild:
 * `?heartbeatInterval=500&heartbeatTimeout=500&hiddenGraceMs=500&staggerMs=100&pollIntervalMs=1000&shareAcrossTabs=0`.
 * A missing or malformed value keeps the library default (the key is left out, never `undefined`).
 */
export interface PageConfig {
  heartbeat?: Partial<HeartbeatConfig>
  hiddenGraceMs?: number
  staggerMs?: number
  pollIntervalMs?: number
  /** `shareAcrossTabs=0` gives the page sockets of its own (the demo shares them across tabs by default). */
  shareAcrossTabs?: boolean
  /** `report=1`: send metrics reports to the backend's collector (`POST /reports`), every `reportMs` (default 60 000). */
  report?: { intervalMs?: number }
}

const numberParam = (params: URLSearchParams, key: string): number | undefined => {
  const text = params.get(key)
  if (text === null || text.trim() === '') return undefined
  const value = Number(text)
  return Number.isFinite(value) && value >= 0 ? value : undefined
}

export const parsePageConfig = (search: string): PageConfig => {
  const params = new URLSearchParams(search)
  const config: PageConfig = {}
  const heartbeat: Partial<HeartbeatConfig> = {}
  const interval = numberParam(params, 'heartbeatInterval')
  const timeout = numberParam(params, 'heartbeatTimeout')
  if (interval !== undefined) heartbeat.interval = interval
  if (timeout !== undefined) heartbeat.timeout = timeout
  if (interval !== undefined || timeout !== undefined) config.heartbeat = heartbeat
  const hiddenGraceMs = numberParam(params, 'hiddenGraceMs')
  if (hiddenGraceMs !== undefined) config.hiddenGraceMs = hiddenGraceMs
  const staggerMs = numberParam(params, 'staggerMs')
  if (staggerMs !== undefined) config.staggerMs = staggerMs
  const pollIntervalMs = numberParam(params, 'pollIntervalMs')
  if (pollIntervalMs !== undefined) config.pollIntervalMs = pollIntervalMs
  const share = params.get('shareAcrossTabs')
  if (share === '0' || share === 'false') config.shareAcrossTabs = false
  else if (share === '1' || share === 'true') config.shareAcrossTabs = true
  const report = params.get('report')
  if (report === '1' || report === 'true') {
    const reportMs = numberParam(params, 'reportMs')
    config.report = reportMs === undefined ? {} : { intervalMs: reportMs }
  }
  return config
}
