import { useEffect, useState } from 'react'
import type { RealtimeStore } from '../store/types'
import { createDevPanelModel } from './core/model'
import type { DevPanelModel } from './core/types'

/** One model per store, created in an effect (StrictMode-safe) and disposed with the component. */
export const useDevPanelModel = (store: RealtimeStore | null): DevPanelModel | null => {
  const [model, setModel] = useState<DevPanelModel | null>(null)
  useEffect(() => {
    if (store === null) return
    const created = createDevPanelModel(store)
    setModel(created)
    return () => {
      created.dispose()
      setModel((current) => (current === created ? null : current))
    }
  }, [store])
  return model
}
