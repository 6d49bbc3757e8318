import type { ConnectionPool, FrameEvent, FrameVerdict, Message } from '../../transport/types'

export const DEFAULT_FRAME_LIMIT = 50
/** The inspector re-renders at most this often, however fast frames arrive. */
const NOTIFY_MS = 250

/** One frame as the inspector lists it. */
export interface FrameEntry {
  id: number
  direction: 'in' | 'out'
  via: 'socket' | 'poll'
  at: number
  size: number
  /** The message type, or null for a frame that is not a message. */
  type: string | null
  /** What became of it (null: nobody said yet — an app that never reports verdicts, or one still pending). */
  verdict: FrameVerdict | null
  /** Where the transport sent it when another endpoint owns its type. */
  routedTo: string | null
  /** The parsed message or raw text; stringified only when someone asks (`frameJson`). */
  body: Message | string
}

export interface FrameLog {
  /** The last frames of `name`'s socket, oldest first (a new array after every change). */
  frames(name: string): readonly FrameEntry[]
  subscribe(listener: () => void): () => void
  dispose(): void
}

const typeOfOutgoing = (text: string): string | null => {
  try {
    const value: unknown = JSON.parse(text)
    const type: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'type') : undefined
    return typeof type === 'string' ? type : null
  } catch {
    return null
  }
}

/** The frame as pretty JSON (raw text stays text). */
export const frameJson = (entry: FrameEntry): string => (typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.body, null, 2))

/** "accepted", "rejected: why", "routed → routes · accepted", "repeat of routes", "dropped: why", "—". */
export const describeVerdict = (entry: FrameEntry): string => {
  const route = entry.routedTo === null ? '' : `routed → ${entry.routedTo}`
  const { verdict } = entry
  if (verdict === null) return route === '' ? '—' : route
  const text =
    verdict.kind === 'accepted' ? 'accepted'
    : verdict.kind === 'rejected' || verdict.kind === 'dropped' ? `${verdict.kind}: ${verdict.reason}`
    : verdict.kind === 'routed' ? `routed → ${verdict.to}`
    : `repeat of a frame already applied to ${verdict.of}`
  return route === '' || verdict.kind === 'routed' ? text : `${route} · ${text}`
}

/**
 * The frame inspector's core: the last `limit` frames of each endpoint from `pool.onFrame`, with the
 * verdicts matched to them. Listens only while it exists (the pool builds no events otherwise).
 */
export function createFrameLog(pool: Pick<ConnectionPool, 'onFrame'>, limit = DEFAULT_FRAME_LIMIT): FrameLog {
  const rings = new Map<string, FrameEntry[]>()
  const listeners = new Set<() => void>()
  let nextId = 1
  let timer: ReturnType<typeof setTimeout> | null = null
  let published = new Map<string, readonly FrameEntry[]>()

  const changed = (): void => {
    if (listeners.size === 0) {
      published = new Map()
      return
    }
    if (timer !== null) return
    timer = setTimeout(() => {
      timer = null
      published = new Map()
      for (const listener of [...listeners]) listener()
    }, NOTIFY_MS)
  }

  const ringOf = (name: string): FrameEntry[] => {
    let ring = rings.get(name)
    if (ring === undefined) {
      ring = []
      rings.set(name, ring)
    }
    return ring
  }

  /** The entry of `message`: first on `name`'s socket, else on any (a frame routed there). */
  const entryOf = (name: string, message: Message): FrameEntry | undefined => {
    const own = ringOf(name).findLast((entry) => entry.body === message)
    if (own !== undefined) return own
    for (const ring of rings.values()) {
      const found = ring.findLast((entry) => entry.body === message)
      if (found !== undefined) return found
    }
    return undefined
  }

  const record = (event: FrameEvent): void => {
    if (event.kind === 'frame') {
      const ring = ringOf(event.name)
      const type = typeof event.body === 'string' ? (event.direction === 'out' ? typeOfOutgoing(event.body) : null) : event.body.type
      ring.push({ id: nextId++, direction: event.direction, via: event.via, at: event.at, size: event.size, type, verdict: event.verdict ?? null, routedTo: null, body: event.body })
      if (ring.length > limit) ring.shift()
      return changed()
    }
    const entry = entryOf(event.name, event.message)
    if (entry === undefined) return
    if (event.verdict.kind === 'routed') entry.routedTo = event.verdict.to
    else entry.verdict = event.verdict
    changed()
  }

  const stop = pool.onFrame(record)
  return {
    frames(name) {
      let frames = published.get(name)
      if (frames === undefined) {
        frames = (rings.get(name) ?? []).map((entry) => ({ ...entry }))
        published.set(name, frames)
      }
      return frames
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    dispose() {
      stop()
      listeners.clear()
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
  }
}
