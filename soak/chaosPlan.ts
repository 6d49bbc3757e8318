import { FEED_NAMES, type FeedName } from '../src/store/dashboard/feeds'
import type { Rng } from './rng'

/** The faults the soak injects (SPEC §3/§5 failure modes, server side and client side). */
export type ChaosKind =
  | 'server-kill'
  | 'server-term'
  | 'pong-blackout'
  | 'refuse'
  | 'full'
  | 'latency'
  | 'garbage'
  | 'client-offline'
  | 'hidden'
  | 'burst'

/** One planned fault: what, for how long, on which feeds / clients. */
export interface ChaosPlan {
  kind: ChaosKind
  /** How long the fault is held before it is lifted (0 for instant ones). */
  holdMs: number
  feeds: FeedName[]
  /** Indexes of the Node clients it targets (client-side faults). */
  clients: number[]
  /** Whether the browser page is targeted too (client-side faults). */
  browser: boolean
  /** latency: added ms; full: retryAfterMs; burst: updates. */
  amount: number
}

/** Kinds that stop the server from accepting sockets while held: attempts then are "outage" attempts. */
export const OUTAGE_KINDS: ReadonlySet<ChaosKind> = new Set(['server-kill', 'server-term', 'refuse', 'full'])

const ALL_KINDS: readonly ChaosKind[] = ['server-kill', 'server-term', 'pong-blackout', 'refuse', 'full', 'latency', 'garbage', 'client-offline', 'hidden', 'burst']

/** Relative frequency once every kind has had its turn. */
const WEIGHT: Record<ChaosKind, number> = {
  'server-kill': 3,
  'server-term': 2,
  'pong-blackout': 2,
  refuse: 3,
  full: 2,
  latency: 2,
  garbage: 1,
  'client-offline': 2,
  hidden: 2,
  burst: 1,
}

export interface PlanOptions {
  clients: number
  browser: boolean
  /** Scales hold times (short CI runs use < 1). */
  scale: number
}

/** Seeded fault schedule: every kind once (in a seeded order), then weighted random picks. */
export class ChaosSchedule {
  private readonly firstRound: ChaosKind[]

  constructor(private readonly rng: Rng, private readonly options: PlanOptions) {
    this.firstRound = rng.shuffle(ALL_KINDS.filter((kind) => this.available(kind)))
  }

  private available(kind: ChaosKind): boolean {
    return kind !== 'hidden' || this.options.browser
  }

  next(): ChaosPlan {
    const kind = this.firstRound.shift() ?? this.weightedPick()
    return this.plan(kind)
  }

  private weightedPick(): ChaosKind {
    const kinds = ALL_KINDS.filter((kind) => this.available(kind))
    const total = kinds.reduce((sum, kind) => sum + WEIGHT[kind], 0)
    let roll = this.rng.float() * total
    for (const kind of kinds) {
      roll -= WEIGHT[kind]
      if (roll < 0) return kind
    }
    return kinds[kinds.length - 1] ?? 'burst'
  }

  private hold(min: number, max: number): number {
    return Math.round(this.rng.int(min, max) * this.options.scale)
  }

  private plan(kind: ChaosKind): ChaosPlan {
    const { rng } = this
    const base: ChaosPlan = { kind, holdMs: 0, feeds: [], clients: [], browser: false, amount: 0 }
    const someClients = () => rng.sample([...Array(this.options.clients).keys()], rng.int(1, Math.max(1, Math.ceil(this.options.clients / 2))))
    switch (kind) {
      case 'server-kill':
        return { ...base, holdMs: this.hold(300, 6000) }
      case 'server-term':
        return { ...base, holdMs: this.hold(0, 3000) }
      case 'pong-blackout':
        // Longer than heartbeat interval + timeout (5 s + 2 s), so silenced sockets are declared dead.
        return { ...base, holdMs: Math.max(8000, this.hold(8000, 16_000)), feeds: rng.sample(FEED_NAMES, rng.int(1, 3)) }
      case 'refuse':
        return { ...base, holdMs: this.hold(3000, 22_000) }
      case 'full':
        return { ...base, holdMs: this.hold(2000, 10_000), amount: rng.int(1000, 4000) }
      case 'latency':
        return { ...base, holdMs: this.hold(3000, 10_000), feeds: rng.sample(FEED_NAMES, rng.int(1, 8)), clients: someClients(), browser: this.options.browser && rng.chance(0.5), amount: rng.int(200, 1500) }
      case 'garbage':
        return { ...base, feeds: rng.sample(FEED_NAMES, rng.int(1, 3)) }
      case 'client-offline':
        return { ...base, holdMs: this.hold(1500, 8000), clients: someClients(), browser: this.options.browser && rng.chance(0.5) }
      case 'hidden':
        return { ...base, holdMs: this.hold(1000, 9000), browser: true }
      case 'burst':
        return { ...base, feeds: [rng.pick(FEED_NAMES)], amount: rng.int(20, 200) }
    }
  }
}
