import type { RealtimeStore } from '../store/types'
import type { Corner } from './core/layout'

export interface TransportDevPanelProps {
  /** A store built with the `transport` middleware (`useRealtime`). */
  store: RealtimeStore
  /** Forces the panel on (also in production) or off. Default: on except in production builds. */
  enabled?: boolean
  /** The corner of the toggle until the user picks another (remembered). Default `bottom-right`. */
  position?: Corner
  /** Open on first visit; afterwards the remembered open state wins. Default false. */
  initialOpen?: boolean
  /** localStorage key of the remembered layout. Default `zustand-realtime:devpanel`. */
  storageKey?: string
}
