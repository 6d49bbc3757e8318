import { useCallback, useEffect, useState } from 'react'
import { browserStorage, loadLayout, saveLayout, type PanelLayout } from '../core/layout'

/** The panel's corner, size and open state, remembered in localStorage under `key`. */
export const useLayout = (key: string, defaults: PanelLayout): [PanelLayout, (change: Partial<PanelLayout>) => void] => {
  const [layout, setLayout] = useState(() => loadLayout(browserStorage(), key, defaults))
  useEffect(() => saveLayout(browserStorage(), key, layout), [key, layout])
  const update = useCallback((change: Partial<PanelLayout>) => setLayout((current) => ({ ...current, ...change })), [])
  return [layout, update]
}
