import type { FeedName } from '../src/store/dashboard/feeds'

export interface AcceptLogEntry {
  endpoint: FeedName
  /** ms since the epoch */
  at: number
}

export type RejectReason = 'capacity' | 'origin' | 'token' | 'refused' | 'not_found'

/** The body of `GET /metrics`. */
export interface ServerMetrics {
  connections: { total: number; byEndpoint: Record<FeedName, number> }
  accepts: number
  rejects: number
  rejectsByReason: Record<RejectReason, number>
  messagesIn: number
  messagesOut: number
  garbageIn: number
  /** The last `ACCEPT_LOG_LIMIT` accepted sockets, oldest first (E2E checks stagger order and spacing). */
  acceptLog: AcceptLogEntry[]
}

export const ACCEPT_LOG_LIMIT = 200

export interface MetricsRecorder {
  accepted(endpoint: FeedName): void
  rejected(reason: RejectReason): void
  received(): void
  sent(count: number): void
  garbage(): void
  snapshot(connections: ServerMetrics['connections']): ServerMetrics
}

export const createMetricsRecorder = (now: () => number = Date.now): MetricsRecorder => {
  const counts = { accepts: 0, messagesIn: 0, messagesOut: 0, garbageIn: 0 }
  const rejectsByReason: Record<RejectReason, number> = { capacity: 0, origin: 0, token: 0, refused: 0, not_found: 0 }
  const acceptLog: AcceptLogEntry[] = []
  return {
    accepted(endpoint) {
      counts.accepts += 1
      acceptLog.push({ endpoint, at: now() })
      if (acceptLog.length > ACCEPT_LOG_LIMIT) acceptLog.shift()
    },
    rejected(reason) {
      rejectsByReason[reason] += 1
    },
    received() {
      counts.messagesIn += 1
    },
    sent(count) {
      counts.messagesOut += count
    },
    garbage() {
      counts.garbageIn += 1
    },
    snapshot(connections) {
      const rejects = Object.values(rejectsByReason).reduce((sum, count) => sum + count, 0)
      return { connections, ...counts, rejects, rejectsByReason: { ...rejectsByReason }, acceptLog: [...acceptLog] }
    },
  }
}
