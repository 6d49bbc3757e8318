import type { DashboardStore } from '../store'

interface DevPanelSlotProps {
  store: DashboardStore
}

/**
 * Where the dev panel goes. The dev panel (`src/devpanel`) is being written; when it lands,
 * this renders `<TransportDevPanel store={store} enabled />` from `../devpanel`.
 */
export function DevPanelSlot(_props: DevPanelSlotProps) {
  return null
}
