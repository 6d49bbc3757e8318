import type { ReactNode } from 'react'
import type { FeedName } from '../store'
import { badgeLabel, labelSlug } from './badge'
import { FeedHealthLine } from './FeedHealthLine'
import { StatusBadge } from './StatusBadge'
import { useDashboard } from './storeContext'

interface FeedCardProps {
  name: FeedName
  title: string
  /** One short fact shown next to the title ("6 items", "98 % success"). */
  summary?: ReactNode
  wide?: boolean
  /** The feed's content; `null` data shows a placeholder until the first snapshot. */
  children: ReactNode
  hasData: boolean
}

/**
 * The frame of one feed: title, status badge (`data-testid="<name>-status"`), health line.
 * It selects only the feed's health; the content is rendered by the feed's own component,
 * which selects only the feed's slice, so a message on one feed re-renders one card.
 */
export function FeedCard({ name, title, summary, wide = false, children, hasData }: FeedCardProps) {
  const health = useDashboard((state) => state.connections[name])
  const label = badgeLabel(health)
  return (
    <section className={`card${wide ? ' card--wide' : ''} card--${labelSlug(label)}`} aria-labelledby={`${name}-title`} data-feed={name}>
      <header className="card__header">
        <div className="card__title">
          <h2 id={`${name}-title`}>{title}</h2>
          {summary !== undefined && <span className="card__summary">{summary}</span>}
        </div>
        <StatusBadge label={label} testId={`${name}-status`} />
      </header>
      <FeedHealthLine health={health} />
      {hasData && health?.dataError != null && (
        <p className="banner banner--bad" data-testid={`${name}-data-error`}>Latest frame rejected: {health.dataError.message}</p>
      )}
      <div className="card__body">
        {hasData ? children : health?.dataError != null ? (
          <p className="placeholder placeholder--error" data-testid={`${name}-data-error`}>
            Data error — the frames of this feed could not be applied: {health.dataError.message}
          </p>
        ) : (
          <p className="placeholder">Waiting for the first snapshot…</p>
        )}
      </div>
    </section>
  )
}
