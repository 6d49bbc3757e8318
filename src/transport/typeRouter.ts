import { sameJson } from './sameJson'
import type { Message } from './types'

/** How long a delivered frame is remembered to recognise the same frame arriving on another socket. */
export const REPEAT_WINDOW_MS = 2000
/** Frames remembered per owner (a burst longer than this inside the window is not deduplicated). */
const REMEMBERED_PER_OWNER = 32

export type Route =
  /** Deliver to `to` (`foreign`: another socket carried it). */
  | { kind: 'deliver'; to: string; foreign: boolean }
  /** Already delivered to `of` from another socket within the window: drop it. */
  | { kind: 'repeat'; of: string }
  /** Its socket's endpoint declares types, and nobody owns this one. */
  | { kind: 'unknown'; known: readonly string[] }

interface Delivered {
  via: string
  at: number
  message: Message
}

const seqOf = (message: Message): number | null =>
  typeof message.seq === 'number' && Number.isFinite(message.seq) ? message.seq : null

/**
 * Routes frames by `type` for backends that send every type on every socket (SPEC §10).
 * A repeat is the same frame seen on a *different* socket within `REPEAT_WINDOW_MS`: the same `seq`
 * when the frame carries one, else equal content (`type` and `data`, compared only against copies from
 * other sockets, so a topic-scoped backend never pays for it). A socket re-sending its own frame is
 * never a repeat: that is the server saying it again.
 */
export class TypeRouter {
  private readonly owners = new Map<string, string>()
  private readonly typed = new Set<string>()
  private readonly recent = new Map<string, Delivered[]>()

  constructor(endpoints: readonly { name: string; types?: readonly string[] }[], private readonly now: () => number) {
    for (const { name, types } of endpoints) {
      if (types === undefined) continue
      this.typed.add(name)
      for (const type of types) {
        const owner = this.owners.get(type)
        if (owner !== undefined && owner !== name) throw new Error(`zustand-realtime: message type "${type}" is claimed by both "${owner}" and "${name}"; give each type one owner`)
        this.owners.set(type, name)
      }
    }
  }

  /** Null when no endpoint declares types: frames stay on their socket, nothing is remembered. */
  static of(endpoints: readonly { name: string; types?: readonly string[] }[], now: () => number): TypeRouter | null {
    return endpoints.some((endpoint) => endpoint.types !== undefined) ? new TypeRouter(endpoints, now) : null
  }

  route(via: string, message: Message): Route {
    const owner = this.owners.get(message.type)
    if (owner === undefined) {
      return this.typed.has(via) ? { kind: 'unknown', known: [...this.owners.keys()] } : { kind: 'deliver', to: via, foreign: false }
    }
    const at = this.now()
    const delivered = this.pruned(owner, at)
    if (delivered.some((entry) => entry.via !== via && sameFrame(entry.message, message))) return { kind: 'repeat', of: owner }
    delivered.push({ via, at, message })
    if (delivered.length > REMEMBERED_PER_OWNER) delivered.shift()
    return { kind: 'deliver', to: owner, foreign: owner !== via }
  }

  clear(): void {
    this.recent.clear()
  }

  private pruned(owner: string, at: number): Delivered[] {
    let delivered = this.recent.get(owner)
    if (delivered === undefined) {
      delivered = []
      this.recent.set(owner, delivered)
    }
    let stale = 0
    while (stale < delivered.length && at - (delivered[stale]?.at ?? at) > REPEAT_WINDOW_MS) stale++
    if (stale > 0) delivered.splice(0, stale)
    return delivered
  }
}

function sameFrame(a: Message, b: Message): boolean {
  if (a.type !== b.type) return false
  const seqA = seqOf(a)
  const seqB = seqOf(b)
  if (seqA !== null || seqB !== null) return seqA === seqB
  return sameJson(a.data, b.data)
}
