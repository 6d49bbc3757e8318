import { RealtimeProvider } from '../store'
import { DevPanelSlot } from './DevPanelSlot'
import { AdwMonitorCard } from './feeds/AdwMonitorCard'
import { HistoryCard } from './feeds/HistoryCard'
import { PlannedFeaturesCard } from './feeds/PlannedFeaturesCard'
import { QueueCard } from './feeds/QueueCard'
import { RoutesCard } from './feeds/RoutesCard'
import { SystemStatusCard } from './feeds/SystemStatusCard'
import { WebhooksCard } from './feeds/WebhooksCard'
import { WorkflowsCard } from './feeds/WorkflowsCard'
import { Header } from './Header'
import type { DemoStore } from './demoStore'
import { DemoStoreContext } from './storeContext'

interface AppProps {
  store: DemoStore
  backend: string
  mock: boolean
}

/** The dashboard: connected while mounted (RealtimeProvider), one card per feed, the dev panel. */
export function App({ store, backend, mock }: AppProps) {
  return (
    <RealtimeProvider store={store}>
      <DemoStoreContext.Provider value={store}>
        <Header backend={backend} mock={mock} />
        <main className="grid">
          <QueueCard />
          <AdwMonitorCard />
          <WorkflowsCard />
          <RoutesCard />
          <HistoryCard />
          <SystemStatusCard />
          <PlannedFeaturesCard />
          <WebhooksCard />
        </main>
        <DevPanelSlot store={store} />
      </DemoStoreContext.Provider>
    </RealtimeProvider>
  )
}
