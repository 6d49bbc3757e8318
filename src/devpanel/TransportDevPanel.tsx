import { lazy, Suspense } from 'react'
import { isProductionBuild } from './environment'
import type { TransportDevPanelProps } from './props'
import { useDevPanelModel } from './useDevPanelModel'

const PanelUi = lazy(() => import('./PanelUi'))
const PRODUCTION = isProductionBuild()

/**
 * The floating dev panel: a small toggle in a corner that opens every endpoint's health,
 * the transition timeline, pool metrics and chaos controls. Renders nothing in production
 * unless `enabled`; the UI itself is a separate chunk loaded on first render.
 *
 * For zero bytes in a production bundle, leave it out of the tree statically
 * (`{import.meta.env.DEV && <TransportDevPanel store={useRealtime} />}`) or import
 * `TransportDevPanel` from `zustand-realtime/devpanel/production` there.
 */
export function TransportDevPanel({ store, enabled, ...layout }: TransportDevPanelProps) {
  const active = enabled ?? !PRODUCTION
  const model = useDevPanelModel(active ? store : null)
  if (!active || model === null) return null
  return (
    <Suspense fallback={null}>
      <PanelUi model={model} {...layout} />
    </Suspense>
  )
}
