import { FeedCard } from '../FeedCard'
import { ago, percent } from '../format'
import { useDashboard } from '../storeContext'
import { useNow } from '../useNow'

/** Inbound webhooks: delivery health per source and event. */
export function WebhooksCard() {
  const data = useDashboard((state) => state.webhookStatus)
  const now = useNow(10_000)
  const webhooks = data?.webhooks ?? []
  const failing = webhooks.filter((webhook) => webhook.status === 'failing').length
  return (
    <FeedCard
      name="webhook-status"
      title="Webhooks"
      wide
      hasData={data !== null}
      summary={data === null ? undefined : failing === 0 ? 'all delivering' : `${failing} failing`}
    >
      <ul className="list list--compact list--columns">
        {webhooks.map((webhook) => (
          <li key={webhook.id} className="list__row">
            <span className={`source source--${webhook.source}`}>{webhook.source}</span>
            <div className="list__main">
              <span className="mono small">{webhook.event}</span>
              <span className="small muted">last delivery {ago(webhook.lastDeliveryAt, now)}</span>
            </div>
            <div className="list__side">
              <span className={`chip chip--${webhook.status}`}>{webhook.status}</span>
              <span className="small muted">
                {percent(webhook.successRate)}{webhook.recentFailures > 0 ? ` · ${webhook.recentFailures} failed` : ''}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </FeedCard>
  )
}
