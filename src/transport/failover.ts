/**
 * Several URLs for one endpoint (instances of one topic space, SPEC §11): the `url` function an
 * endpoint takes. Each client shuffles the list once with the injected random, connects to the
 * first, and every later connect attempt (a drop, a failure, a resync) goes to the next in its own
 * order. So clients spread over the instances, and the clients of a killed instance spread over
 * the survivors (each one's "next" is a different random instance) with the usual backoff jitter.
 */
export interface FailoverOptions {
  /** U[0,1); inject it in tests. Default Math.random. */
  random?: () => number
}

interface FailoverState {
  readonly order: readonly string[]
  /** Index of the URL the last attempt used; -1 before the first. */
  cursor: number
  readonly group: string
}

const registry = new WeakMap<object, FailoverState>()

const originOf = (url: string): string => {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return url
  }
}

const shuffled = (urls: readonly string[], random: () => number): string[] => {
  const order = [...urls]
  for (let index = order.length - 1; index > 0; index -= 1) {
    const other = Math.min(index, Math.floor(random() * (index + 1)))
    const here = order[index] as string
    order[index] = order[other] as string
    order[other] = here
  }
  return order
}

export function failoverUrls(urls: readonly string[], options: FailoverOptions = {}): () => string {
  if (!Array.isArray(urls) || urls.length === 0 || urls.some((url) => typeof url !== 'string' || url === '')) {
    throw new Error(`zustand-realtime: failoverUrls needs a non-empty array of non-empty URL strings, got ${JSON.stringify(urls)}`)
  }
  const state: FailoverState = {
    order: shuffled(urls, options.random ?? Math.random),
    cursor: -1,
    group: `failover:${[...new Set(urls.map(originOf))].sort().join(',')}`,
  }
  const next = (): string => {
    state.cursor = (state.cursor + 1) % state.order.length
    return state.order[state.cursor] as string
  }
  registry.set(next, state)
  return next
}

/**
 * The shared-recovery group of a `failoverUrls` function (every origin it may use), or null for
 * any other url. Read without moving the cursor: the pool asks it often.
 */
export function failoverGroupOf(url: unknown): string | null {
  return typeof url === 'function' ? (registry.get(url)?.group ?? null) : null
}

/** The URL the endpoint's last attempt used (null before the first, or for any other url). */
export function currentFailoverUrl(url: unknown): string | null {
  const state = typeof url === 'function' ? registry.get(url) : undefined
  return state === undefined || state.cursor < 0 ? null : (state.order[state.cursor] ?? null)
}
