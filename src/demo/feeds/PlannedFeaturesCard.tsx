import type { PlannedFeature } from '../model/types'
import { FeedCard } from '../FeedCard'
import { useDashboard } from '../storeContext'

const COLUMNS: readonly { status: PlannedFeature['status']; title: string }[] = [
  { status: 'planned', title: 'Planned' },
  { status: 'in_progress', title: 'In progress' },
  { status: 'completed', title: 'Done' },
]
const SHOWN_PER_COLUMN = 4
const PRIORITY_ORDER: Record<PlannedFeature['priority'], number> = { high: 0, medium: 1, low: 2 }

/** The roadmap by status, highest priority first. */
export function PlannedFeaturesCard() {
  const data = useDashboard((state) => state.plannedFeatures)
  const features = data?.features ?? []
  const done = features.filter((feature) => feature.status === 'completed').length
  return (
    <FeedCard name="planned-features" title="Roadmap" wide hasData={data !== null} summary={data === null ? undefined : `${done}/${features.length} done`}>
      <div className="kanban">
        {COLUMNS.map(({ status, title }) => {
          const column = features.filter((feature) => feature.status === status).sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority])
          return (
            <div key={status} className="kanban__column">
              <h3 className="lane__title">{title} <span className="count">{column.length}</span></h3>
              <ul className="kanban__items">
                {column.slice(0, SHOWN_PER_COLUMN).map((feature) => (
                  <li key={feature.id} className="feature" title={`${feature.estimatedHours} h estimated`}>
                    <span className={`priority priority--${feature.priority}`}>{feature.priority}</span>
                    <span className="feature__title">{feature.title}</span>
                    <span className="small muted">
                      {feature.estimatedHours} h{feature.issueNumber === null ? '' : ` · #${feature.issueNumber}`}
                    </span>
                  </li>
                ))}
                {column.length > SHOWN_PER_COLUMN && <li className="small muted">+ {column.length - SHOWN_PER_COLUMN} more</li>}
              </ul>
            </div>
          )
        })}
      </div>
    </FeedCard>
  )
}
