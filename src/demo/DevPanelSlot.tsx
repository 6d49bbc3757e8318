import { TransportDevPanel } from '../devpanel'
import type { DemoStore } from './demoStore'

interface DevPanelSlotProps {
  store: DemoStore
}

/** The floating transport dev panel (SPEC §8), on in every dev run (QA drives chaos from it); a static DEV check, so a production build holds none of it. */
export function DevPanelSlot({ store }: DevPanelSlotProps) {
  return import.meta.env.DEV ? <TransportDevPanel store={store} enabled /> : null
}
