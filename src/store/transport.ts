import type { StateCreator, StoreMutatorIdentifier } from 'zustand/vanilla'
import { shallow } from 'zustand/vanilla/shallow'
import { createTabAwarePool, inheritTabSharing } from '../transport/tabs'
import type { ConnectionPool, Message } from '../transport/types'
import { createFlushScheduler, defaultBatchMode } from './flushScheduler'
import { transitionLabel } from './healthTransition'
import { reducerError, storeWriteError, type Verdict } from './verdicts'
import { storePool } from './storePool'
import type { ConnectionsSlice, StoreEndpointConfig, TransportOptions } from './types'

type Write<T, U> = Omit<T, keyof U> & U
export type WithTransport<S> = Write<S, { transport: ConnectionPool }>

declare module 'zustand/vanilla' {
  // `A` is unused here but must be declared to merge with zustand's own declaration.
  interface StoreMutators<S, A> {
    'zustand-realtime/transport': WithTransport<S>
  }
}

/**
 * Binds a connection pool to the store: each endpoint's messages go through its `reduce`,
 * each endpoint's health is kept in `state.connections[name]`, and the pool is
 * `store.transport`. The inner state creator may leave `connections` out.
 *
 * Reducers receive an immer draft when `immer` is anywhere in the middleware chain.
 * Without immer they receive a shallow copy of the state: assign slices
 * (`draft.queue = msg.data`), never mutate nested objects in place.
 * Every message gets a verdict (`transport.accept` / `transport.reject`): a reducer that throws
 * rejects its message — `connections[name].dataError` and `lastError` say why, `messagesRejected`
 * counts it — and the other messages still apply. Throw a `DataRejection` for a reason shown as is.
 * Without immer the skip is exact; with immer, writes the reducer made before throwing stay, so
 * validate before writing.
 */
type Transport = <
  T extends ConnectionsSlice,
  Mps extends [StoreMutatorIdentifier, unknown][] = [],
  Mcs extends [StoreMutatorIdentifier, unknown][] = [],
>(
  initializer: StateCreator<T, [...Mps, ['zustand-realtime/transport', never]], Mcs, Omit<T, 'connections'>>,
  options: TransportOptions<T>,
) => StateCreator<T, Mps, [['zustand-realtime/transport', never], ...Mcs]>

/** The implementation's view of `setState`: immer's and devtools' (if present) both accept this call. */
type NamedSet<T> = (recipe: (state: T) => T | undefined, replace: false, action: string) => void
interface ImplStore<T> {
  setState: NamedSet<T>
  getState: () => T
  transport: ConnectionPool
}
type Initializer<T> = (set: NamedSet<T>, get: () => T, store: ImplStore<T>) => T

const transportImpl = <T extends ConnectionsSlice>(initializer: Initializer<T>, options: TransportOptions<T>): Initializer<T> => (set, get, store) => {
  const { endpoints, batch = defaultBatchMode(), shareAcrossTabs, ...poolOptions } = options
  const reducers = new Map<string, StoreEndpointConfig<T>['reduce']>()
  const pool = createTabAwarePool({
    ...poolOptions,
    endpoints: endpoints.map(({ reduce, ...endpoint }) => {
      reducers.set(endpoint.name, reduce)
      return endpoint
    }),
  }, shareAcrossTabs)
  const health = new Map(Object.entries(pool.healthAll()))
  const pending: { name: string; message: Message }[] = []
  const staleHealth = new Set<string>()

  const connectionOf = (name: string) => health.get(name) ?? pool.health(name)

  /** One `setState`: `change` mutates an immer draft, or returns a new state built from shallow copies. */
  const commit = (action: string, change: (state: T, copying: boolean) => T): void => {
    store.setState(
      (state) => {
        // Immer hands recipes a draft proxy; without immer the recipe gets the current state itself.
        const copying = state === store.getState()
        const next = change(state, copying)
        if (!copying) return undefined
        return shallow(next, state) ? state : next
      },
      false,
      action,
    )
  }

  const applyMessages = (state: T, copying: boolean, batch: readonly { name: string; message: Message }[], verdicts: Verdict[]): T => {
    let next = state
    for (const { name, message } of batch) {
      const reduce = reducers.get(name)
      if (reduce === undefined) continue
      const target = copying ? { ...next } : next
      try {
        reduce(target, message)
        next = target
        verdicts.push({ name, message, reason: null })
      } catch (error) {
        verdicts.push({ name, message, reason: reducerError(name, message.type, error) })
      }
    }
    return next
  }

  const writeConnections = (state: T, copying: boolean, names: readonly string[]): T => {
    if (names.length === 0) return state
    if (!copying) {
      for (const name of names) state.connections[name] = connectionOf(name)
      return state
    }
    const connections = { ...state.connections }
    for (const name of names) connections[name] = connectionOf(name)
    return { ...state, connections }
  }

  /** One `setState` for `batch`; the verdicts are returned only once the write went through. */
  const applyBatch = (batch: readonly { name: string; message: Message }[]): Verdict[] => {
    const verdicts: Verdict[] = []
    commit(batch.length > 0 ? 'transport/messages' : 'transport/health', (state, copying) => {
      verdicts.length = 0 // a recipe that threw half-way may run again
      const next = applyMessages(state, copying, batch, verdicts)
      const names = [...staleHealth]
      staleHealth.clear()
      return writeConnections(next, copying, names)
    })
    return verdicts
  }

  /** After the write: the pool learns what was applied; a rejection updates health (and may commit it). */
  const report = (verdicts: readonly Verdict[]): void => {
    for (const { name, message, reason } of verdicts) {
      if (reason === null) pool.accept(name, message)
      else pool.reject(name, message, reason)
    }
  }

  const flush = (): void => {
    scheduler.cancel()
    if (pending.length === 0 && staleHealth.size === 0) return
    const batch = pending.splice(0)
    let verdicts: Verdict[] = []
    try {
      verdicts = applyBatch(batch)
    } catch {
      // A value the store cannot take (immer freezing a pathologically deep frame overflows the stack)
      // breaks the whole write: apply the messages one by one, so only the culprit is lost — and rejected.
      for (const item of batch) {
        try {
          verdicts.push(...applyBatch([item]))
        } catch (error) {
          verdicts.push({ ...item, reason: storeWriteError(item.name, item.message.type, error) })
        }
      }
    }
    report(verdicts)
  }
  const scheduler = createFlushScheduler(batch, flush)

  for (const name of reducers.keys()) {
    pool.subscribe(name, (message) => {
      pending.push({ name, message })
      scheduler.request()
    })
  }
  pool.onHealth((name, next) => {
    const label = transitionLabel(health.get(name), next)
    if (label === null) {
      health.set(name, next)
      staleHealth.add(name)
      scheduler.request()
      return
    }
    flush() // what arrived before the transition lands first
    health.set(name, next)
    staleHealth.delete(name)
    commit(`transport/${name}/${label}`, (state, copying) => writeConnections(state, copying, [name]))
  })

  store.transport = storePool(pool, flush)
  inheritTabSharing(store.transport, pool)
  const connections = Object.fromEntries([...health.keys()].map((name) => [name, connectionOf(name)]))
  return { ...initializer(set, get, store), connections }
}

/**
 * The one cast, as in zustand's own middlewares: the implementation is typed for what it
 * does at run time; `Transport` is the public type that threads the mutators through.
 */
export const transport = transportImpl as unknown as Transport
