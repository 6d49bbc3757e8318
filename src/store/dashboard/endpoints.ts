import { failoverUrls } from '../../transport/failover'
import type { Message } from '../../transport/types'
import type { StoreEndpointConfig } from '../types'
import { assertFeedData } from './feedShapes'
import { DASHBOARD_FEEDS, pollPath, wsPath, type FeedName } from './feeds'
import type { DashboardData, DashboardState } from './state'
import type { FeedDataMap } from './types'

export interface DashboardEndpointOptions {
  /** How often the polling fallback GETs a snapshot while a circuit is open (default: the transport's, 5000). */
  pollIntervalMs?: number
  /** Sent as `?token=` on the socket and polling URLs. */
  token?: string
  /** Check each frame's `seq` (default true); off for a backend whose frames carry a `seq` of another meaning. */
  checkSeq?: boolean
  /** With several base URLs: shuffles each feed's failover order (default Math.random). */
  random?: () => number
}

/** Writes a validated frame's data into its feed's slice. */
const writeSlice: { readonly [N in FeedName]: (draft: DashboardData, data: FeedDataMap[N]) => void } = {
  queue: (draft, data) => { draft.queue = data },
  'adw-monitor': (draft, data) => { draft.adwMonitor = data },
  workflows: (draft, data) => { draft.workflows = data },
  routes: (draft, data) => { draft.routes = data },
  'workflow-history': (draft, data) => { draft.workflowHistory = data },
  'planned-features': (draft, data) => { draft.plannedFeatures = data },
  'system-status': (draft, data) => { draft.systemStatus = data },
  'webhook-status': (draft, data) => { draft.webhookStatus = data },
}

/**
 * The reducer of one feed: ignores other frame types, throws (before touching anything)
 * when the frame's data has the wrong shape, else replaces the slice and records `seq`.
 * It only assigns top-level keys, so it works on an immer draft and on a shallow copy.
 */
export const feedReducer =
  <N extends FeedName>(name: N, messageType: string) =>
  (draft: DashboardData, message: Message): void => {
    // SPEC §6.7: an unknown type is bad input — thrown, so the middleware records it in this feed's lastError.
    if (message.type !== messageType) throw new Error(`${name}: unexpected "${message.type}" frame (this feed sends "${messageType}"); it was ignored`)
    const { data, seq } = message
    assertFeedData(name, messageType, data)
    writeSlice[name](draft, data)
    if (typeof seq === 'number' && Number.isFinite(seq)) draft.seq = { ...draft.seq, [name]: seq }
  }

const trimTrailingSlash = (url: string): string => url.replace(/\/+$/, '')

/** `ws://host:8002` → `http://host:8002`, `wss:` → `https:`; http(s) bases are kept. */
export const httpBaseOf = (baseUrl: string): string => trimTrailingSlash(baseUrl).replace(/^ws(s?):\/\//i, 'http$1://')

/** `http://host:8002` → `ws://host:8002`, `https:` → `wss:`; ws(s) bases are kept. */
export const wsBaseOf = (baseUrl: string): string => trimTrailingSlash(baseUrl).replace(/^http(s?):\/\//i, 'ws$1://')

const withToken = (url: string, token: string | undefined): string =>
  token === undefined ? url : `${url}?token=${encodeURIComponent(token)}`

/** One URL, or (several instances of one topic space) a `failoverUrls` function over all of them. */
const urlOver = (bases: readonly string[], build: (base: string) => string, random: (() => number) | undefined): string | (() => string) =>
  bases.length === 1 ? build(bases[0] as string) : failoverUrls(bases.map(build), random === undefined ? {} : { random })

/**
 * The 8 dashboard feeds of SPEC §3 as store endpoints: priority, socket URL
 * (`<base>/api/v1/ws/<name>`), polling URL (`<http base>/api/v1/<name>`) and reducer.
 * Several bases (instances sharing one topic space over Redis) make every feed fail over between them.
 */
export const dashboardEndpoints = (
  baseUrl: string | readonly string[],
  options: DashboardEndpointOptions = {},
): StoreEndpointConfig<DashboardState>[] => {
  const bases = typeof baseUrl === 'string' ? [baseUrl] : baseUrl
  if (bases.length === 0) throw new Error('zustand-realtime: dashboardEndpoints needs at least one base URL')
  return DASHBOARD_FEEDS.map((feed) => ({
    name: feed.name,
    priority: feed.priority,
    url: urlOver(bases, (base) => withToken(`${wsBaseOf(base)}${wsPath(feed.name)}`, options.token), options.random),
    poll: {
      url: urlOver(bases, (base) => withToken(`${httpBaseOf(base)}${pollPath(feed.name)}`, options.token), options.random),
      ...(options.pollIntervalMs === undefined ? {} : { intervalMs: options.pollIntervalMs }),
    },
    ...(options.checkSeq === undefined ? {} : { checkSeq: options.checkSeq }),
    reduce: feedReducer(feed.name, feed.messageType),
  }))
}
