import { TransportDevPanel } from '../devpanel'
import type { DashboardStore } from '../store'

interface DevPanelSlotProps {
  store: DashboardStore
}

/** The floating transport dev panel (SPEC §8), always on in the demo: QA drives chaos from it. */
export function DevPanelSlot({ store }: DevPanelSlotProps) {
  return <TransportDevPanel store={store} enabled />
}
