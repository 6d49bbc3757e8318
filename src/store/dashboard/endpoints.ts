import { failoverUrls } from '../../transport/failover'
import type { Message, PollConfig } from '../../transport/types'
import { validateData } from '../dataSchema'
import type { StoreEndpointConfig } from '../types'
import { DASHBOARD_FEEDS, FEED_NAMES, pollPath, wsPath } from './feeds'
import type { FeedOverride, FeedOverrides } from './overrides'
import type { DashboardData, DashboardState } from './state'

export interface DashboardEndpointOptions {
  /** How often the polling fallback GETs a snapshot while a circuit is open (default: the transport's, 5000). */
  pollIntervalMs?: number
  /** Sent as `?token=` on the socket and polling URLs built from a base or a path. */
  token?: string
  /** Check each frame's `seq` (default true); off for a backend whose frames carry a `seq` of another meaning. */
  checkSeq?: boolean
  /** With several base URLs: shuffles each feed's failover order (default Math.random). */
  random?: () => number
  /** Per-feed overrides: URL or path, poll URL, heartbeat, frame types, `schema`, `select`/`reduce`. */
  feeds?: FeedOverrides
}

type Feed = (typeof DASHBOARD_FEEDS)[number]

/**
 * The reducer of one feed. The pool only hands it frames of the feed's own types (it routes by type).
 * Without overrides it stores `data` as sent; a `schema` checks (and may transform) it first — a
 * rejection throws before anything is written — then `select`/`reduce` map it into the slice.
 * It only assigns top-level keys, so it works on an immer draft and on a shallow copy.
 */
export const feedReducer = (feed: Feed, override: FeedOverride<unknown, unknown> = {}) => {
  const { schema, select, reduce } = override
  const what = `${feed.name}: ${feed.messageType}`
  return (draft: DashboardData, message: Message): void => {
    const data = schema === undefined ? message.data : validateData(schema, message.data, what)
    draft[feed.key] = reduce !== undefined ? reduce(draft[feed.key], data, message) : select !== undefined ? select(data, message) : data
    const { seq } = message
    if (typeof seq === 'number' && Number.isFinite(seq)) draft.seq = { ...draft.seq, [feed.name]: seq }
  }
}

const trimTrailingSlash = (url: string): string => url.replace(/\/+$/, '')

/** `ws://host:8002` → `http://host:8002`, `wss:` → `https:`; http(s) bases are kept. */
export const httpBaseOf = (baseUrl: string): string => trimTrailingSlash(baseUrl).replace(/^ws(s?):\/\//i, 'http$1://')

/** `http://host:8002` → `ws://host:8002`, `https:` → `wss:`; ws(s) bases are kept. */
export const wsBaseOf = (baseUrl: string): string => trimTrailingSlash(baseUrl).replace(/^http(s?):\/\//i, 'ws$1://')

const withToken = (url: string, token: string | undefined): string =>
  token === undefined ? url : `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`

/** One URL, or (several instances of one topic space) a `failoverUrls` function over all of them. */
const urlOver = (bases: readonly string[], build: (base: string) => string, random: (() => number) | undefined): string | (() => string) =>
  bases.length === 1 ? build(bases[0] as string) : failoverUrls(bases.map(build), random === undefined ? {} : { random })

/** An override URL: a function as is, an absolute URL as is, a path on every base; the token goes on strings. */
const urlOnBases = (url: string | (() => string), bases: readonly string[], baseOf: (base: string) => string, options: DashboardEndpointOptions): string | (() => string) => {
  if (typeof url === 'function') return url
  if (!url.startsWith('/')) return withToken(url, options.token)
  return urlOver(bases, (base) => withToken(`${baseOf(base)}${url}`, options.token), options.random)
}

const pollOf = (feed: Feed, override: FeedOverride<unknown, unknown>, bases: readonly string[], options: DashboardEndpointOptions): PollConfig | undefined => {
  const poll = override.poll
  if (poll === false) return undefined
  const settings = typeof poll === 'string' ? { url: poll } : (poll ?? {})
  const intervalMs = settings.intervalMs ?? options.pollIntervalMs
  return {
    url: urlOnBases(settings.url ?? pollPath(feed.name), bases, httpBaseOf, options),
    ...(intervalMs === undefined ? {} : { intervalMs }),
    ...(settings.snapshotTimeoutMs === undefined ? {} : { snapshotTimeoutMs: settings.snapshotTimeoutMs }),
  }
}

const checkOverrides = (feeds: FeedOverrides): void => {
  for (const [name, override] of Object.entries(feeds)) {
    if (!FEED_NAMES.some((feed) => feed === name)) throw new Error(`zustand-realtime: feeds.${name} is not a dashboard feed; the feeds are ${FEED_NAMES.join(', ')}`)
    if (override?.select !== undefined && override.reduce !== undefined) throw new Error(`zustand-realtime: feeds.${name} has both select and reduce; give it one of them`)
  }
}


/**
 * The 8 dashboard feeds as store endpoints: priority, socket URL (`<base>/api/v1/ws/<name>`),
 * snapshot/polling URL (`<http base>/api/v1/<name>`), the frame types each owns (so a backend that sends
 * every type on every socket still fills each slice once), and the reducer — each overridable per feed.
 * Several bases (instances sharing one topic space over Redis) make every feed fail over between them.
 */
export const dashboardEndpoints = (baseUrl: string | readonly string[], options: DashboardEndpointOptions = {}): StoreEndpointConfig<DashboardState>[] => {
  const bases = typeof baseUrl === 'string' ? [baseUrl] : baseUrl
  if (bases.length === 0) throw new Error('zustand-realtime: dashboardEndpoints needs at least one base URL')
  const feeds = options.feeds ?? {}
  checkOverrides(feeds)
  return DASHBOARD_FEEDS.map((feed) => {
    const override: FeedOverride<unknown, unknown> = feeds[feed.name] ?? {}
    const poll = pollOf(feed, override, bases, options)
    return {
      name: feed.name,
      priority: override.priority ?? feed.priority,
      url: urlOnBases(override.url ?? wsPath(feed.name), bases, wsBaseOf, options),
      types: override.types ?? [feed.messageType],
      ...(poll === undefined ? {} : { poll }),
      ...(override.heartbeat === undefined ? {} : { heartbeat: override.heartbeat }),
      ...(options.checkSeq === undefined ? {} : { checkSeq: options.checkSeq }),
      reduce: feedReducer(feed, override),
    }
  })
}
