import { useEffect, useState } from 'react'
import type { RealtimeStore } from '../store/types'
import { createDevPanelModel } from './core/model'
import type { DevPanelModel } from './core/types'

interface Holding {
  model: DevPanelModel
  holders: number
  /** Bumped by every retain, so a dispose scheduled before it does nothing. */
  generation: number
}

/** Per store: the model and how many mounted panels hold it. */
const held = new WeakMap<RealtimeStore, Holding>()

/**
 * The store's model for one more holder. The last release disposes it one microtask later
 * unless someone retained it again: StrictMode's mount → unmount → mount keeps the same
 * model, so the timeline keeps the transitions of the first connect.
 */
export const retainDevPanelModel = (store: RealtimeStore): { model: DevPanelModel; release: () => void } => {
  const holding = held.get(store) ?? { model: createDevPanelModel(store), holders: 0, generation: 0 }
  held.set(store, holding)
  holding.holders += 1
  holding.generation += 1
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    holding.holders -= 1
    if (holding.holders > 0) return
    const generation = holding.generation
    queueMicrotask(() => {
      if (holding.holders > 0 || holding.generation !== generation) return
      holding.model.dispose()
      held.delete(store)
    })
  }
  return { model: holding.model, release }
}

/** The store's model while mounted (null for no store, and before the first effect). */
export const useDevPanelModel = (store: RealtimeStore | null): DevPanelModel | null => {
  const [current, setCurrent] = useState<{ store: RealtimeStore; model: DevPanelModel } | null>(null)
  useEffect(() => {
    if (store === null) return
    const retained = retainDevPanelModel(store)
    setCurrent({ store, model: retained.model })
    return retained.release
  }, [store])
  return current !== null && current.store === store ? current.model : null
}
