import { FEED_NAMES, GlobalWebSocketProvider, useGlobalWebSocket, type ConnectionState, type FeedName } from '../../store'
import { badgeLabel } from '../badge'
import { StatusBadge } from '../StatusBadge'

/**
 * `?view=facade`: the old provider with default settings, as a team would drop it into its app —
 * every feed's `…Data` shown exactly as the backend sent it, next to its badge. Proves the facade
 * works on a backend whose payloads are not the demo's.
 */
export function FacadeApp({ backend }: { backend: string }) {
  return (
    <GlobalWebSocketProvider baseUrl={backend}>
      <main className="grid">
        {FEED_NAMES.map((name) => <RawFeed key={name} name={name} />)}
      </main>
    </GlobalWebSocketProvider>
  )
}

function RawFeed({ name }: { name: FeedName }) {
  const { data, connection } = useFeed(name)
  return (
    <section className="card" data-feed={name}>
      <header className="card__header">
        <div className="card__title"><h2>{name}</h2></div>
        <StatusBadge label={badgeLabel(connection)} testId={`${name}-status`} />
      </header>
      <div className="card__body">
        {data === null ? <p className="placeholder">Waiting for the first snapshot…</p> : (
          <pre className="mono small" data-testid={`${name}-data`} style={{ whiteSpace: 'pre-wrap', maxHeight: 220, overflow: 'auto' }}>{JSON.stringify(data, null, 1)}</pre>
        )}
        {connection.dataError !== null && <p className="placeholder--error">{connection.dataError.message}</p>}
      </div>
    </section>
  )
}

const useFeed = (name: FeedName): { data: unknown; connection: ConnectionState } => {
  const value = useGlobalWebSocket()
  switch (name) {
    case 'queue': return { data: value.queueData, connection: value.queueConnectionState }
    case 'adw-monitor': return { data: value.adwMonitorData, connection: value.adwMonitorConnectionState }
    case 'workflows': return { data: value.workflowsData, connection: value.workflowsConnectionState }
    case 'routes': return { data: value.routesData, connection: value.routesConnectionState }
    case 'workflow-history': return { data: value.workflowHistoryData, connection: value.workflowHistoryConnectionState }
    case 'planned-features': return { data: value.plannedFeaturesData, connection: value.plannedFeaturesConnectionState }
    case 'system-status': return { data: value.systemStatusData, connection: value.systemStatusConnectionState }
    case 'webhook-status': return { data: value.webhookStatusData, connection: value.webhookStatusConnectionState }
  }
}
