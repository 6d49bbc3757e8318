import type { FeedName } from '../src/store/dashboard/feeds'
import type { Faults } from './faults'
import type { RejectReason } from './metrics'
import type { ResolvedServerOptions } from './options'

export type Admission = { ok: true } | { ok: false; code: number; reason: string; rejectReason: RejectReason }

export interface AdmissionRequest {
  endpoint: FeedName
  /** The Origin header; browsers always send one, Node clients usually none. */
  origin: string | undefined
  /** The `token` query parameter. */
  token: string | null
}

export interface Occupancy {
  total: number
  onEndpoint: number
}

type Policy = Pick<ResolvedServerOptions, 'allowedOrigins' | 'token' | 'maxConnections' | 'maxConnectionsPerEndpoint' | 'retryAfterMs'>

/** 1013 "try again later"; the client reads retryAfterMs from the reason JSON (SPEC §3). */
const tryAgainLater = (retryAfterMs: number): Admission => ({
  ok: false,
  code: 1013,
  reason: JSON.stringify({ retryAfterMs }),
  rejectReason: 'capacity',
})

/** Decides whether an upgraded socket may stay: origin, then token, then capacity. */
export const admit = (request: AdmissionRequest, occupancy: Occupancy, policy: Policy, faults: Faults): Admission => {
  if (policy.allowedOrigins && request.origin !== undefined && !policy.allowedOrigins.includes(request.origin)) {
    return { ok: false, code: 1008, reason: 'origin not allowed', rejectReason: 'origin' }
  }
  if (policy.token !== null && request.token !== policy.token) {
    return { ok: false, code: 4401, reason: 'unauthorized', rejectReason: 'token' }
  }
  if (faults.fullRetryAfterMs !== null) return tryAgainLater(faults.fullRetryAfterMs)
  if (occupancy.total >= policy.maxConnections || occupancy.onEndpoint >= policy.maxConnectionsPerEndpoint) {
    return tryAgainLater(policy.retryAfterMs)
  }
  return { ok: true }
}
