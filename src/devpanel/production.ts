import type { TransportDevPanelProps } from './props'

export type { TransportDevPanelProps } from './props'

/** The production stand-in: same props, renders nothing, pulls in none of the panel. */
export function TransportDevPanel(_props: TransportDevPanelProps): null {
  return null
}
