import type { EndpointHealth, TransportError } from '../transport/types'

/**
 * What kind of change turned `previous` into `next`, as the last segment of a devtools
 * action name (`circuit-open`, `connected`, `polling`, `paused-hidden`, `data-error`, `error`), or null
 * when only running figures moved (lastMessageTime, latency, quality, counters): those
 * are batched with the messages instead of getting an action of their own.
 */
export const transitionLabel = (previous: EndpointHealth | undefined, next: EndpointHealth): string | null => {
  if (previous === undefined) return next.status
  if (previous.circuitState !== next.circuitState) return `circuit-${next.circuitState}`
  if (previous.fallback !== next.fallback) return next.fallback === 'polling' ? 'polling' : 'polling-stopped'
  if (previous.paused !== next.paused) return next.paused === false ? 'resumed' : `paused-${next.paused}`
  if (previous.status !== next.status) return next.status
  if ((previous.dataError === null) !== (next.dataError === null)) return next.dataError === null ? 'data-ok' : 'data-error'
  if (!sameError(previous.lastError, next.lastError)) return 'error'
  return null
}

const sameError = (a: TransportError | null, b: TransportError | null): boolean =>
  a === b || (a !== null && b !== null && a.at === b.at && a.message === b.message && a.code === b.code)
