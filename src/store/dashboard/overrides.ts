import type { HeartbeatConfig, Message, Priority } from '../../transport/types'
import type { DataSchema, SchemaOutput } from '../dataSchema'
import type { FeedKey, FeedName, FeedKeyOf } from './feeds'

/**
 * How one dashboard feed differs from the defaults: where it lives, how its frames are recognised,
 * checked and mapped into its slice. `Data` is what the schema returns (the payload as sent when
 * there is none); `Slice` what the store keeps (the data itself unless `select` or `reduce` maps it).
 */
export interface FeedOverride<Data = unknown, Slice = Data> {
  /** Socket URL: absolute (`wss://…`), or a path on the base URL (`/ws/queue`). Default `/api/v1/ws/<name>`. */
  url?: string | (() => string)
  /** Snapshot/polling URL (absolute, or a path on the http base), its options, or `false` for none. Default `/api/v1/<name>`. */
  poll?: string | false | { url?: string | (() => string); intervalMs?: number; snapshotTimeoutMs?: number | false }
  heartbeat?: Partial<HeartbeatConfig> | false
  priority?: Priority
  /** The `type`s of this feed's frames. Default `[<name with - as _>_update]`. */
  types?: readonly string[]
  /** Opt-in validation of each frame's `data`: a Standard Schema (zod, valibot, arktype…) or `(data) => data | throw`. */
  schema?: DataSchema<Data>
  /** Maps one payload into the slice (the slice is the payload when there is no `select`/`reduce`). */
  select?(data: Data, message: Message): Slice
  /** Folds a payload into the previous slice (for backends that send changes, not snapshots). Return a new value. */
  reduce?(previous: Slice | null, data: Data, message: Message): Slice
}

/** Per-feed overrides by feed name. */
export type FeedOverrides = { readonly [N in FeedName]?: FeedOverride<unknown, unknown> }

/** What a feed's slice holds given its override: what `select`/`reduce` return, else the schema's output, else `unknown`. */
export type SliceOf<O> =
  O extends { select: (...args: never) => infer Slice } ? Slice
  : O extends { reduce: (...args: never) => infer Slice } ? Slice
  : O extends { schema: infer Schema } ? SchemaOutput<Schema>
  : unknown

/** The slice types of every feed, keyed by slice (`adwMonitor`), for a set of overrides. */
export type SlicesOf<F extends FeedOverrides> = { [N in FeedName as FeedKeyOf<N>]: N extends keyof F ? SliceOf<F[N]> : unknown }

/** A slice type per feed key; `unknown` everywhere when nothing says more. */
export type DashboardSlices = { [K in FeedKey]: unknown }

/**
 * A typed override: `feed({ schema: QueueSchema, select: (data) => data.items })` types `data` from the
 * schema (an object literal inside `feeds` gets `unknown` there).
 */
export function feed<Data, Slice>(override: FeedOverride<Data, Slice> & { select(data: Data, message: Message): Slice }): typeof override
export function feed<Data, Slice>(override: FeedOverride<Data, Slice> & { reduce(previous: Slice | null, data: Data, message: Message): Slice }): typeof override
export function feed<Data>(override: FeedOverride<Data, Data>): typeof override
export function feed<Data, Slice>(override: FeedOverride<Data, Slice>): FeedOverride<Data, Slice> {
  return override
}
