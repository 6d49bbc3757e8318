import { FeedCard } from '../FeedCard'
import { ago, duration, percent, usd } from '../format'
import { useDashboard } from '../storeContext'
import { useNow } from '../useNow'

const SHOWN = 6

/** Finished runs: success rate, totals, the latest few. */
export function HistoryCard() {
  const data = useDashboard((state) => state.workflowHistory)
  const now = useNow(10_000)
  const items = [...(data?.items ?? [])].sort((a, b) => b.completedAt - a.completedAt)
  const cost = items.reduce((sum, item) => sum + item.costUsd, 0)
  const rateTone = data === null ? '' : data.successRate >= 0.9 ? 'ok' : data.successRate >= 0.75 ? 'warn' : 'bad'
  return (
    <FeedCard name="workflow-history" title="Run history" hasData={data !== null} summary={data === null ? undefined : `${data.totalRuns} runs`}>
      {data !== null && (
        <div className="stats">
          <div className="stat"><span className={`stat__value ${rateTone}`}>{percent(data.successRate)}</span><span className="stat__label">success rate</span></div>
          <div className="stat"><span className="stat__value">{data.totalRuns}</span><span className="stat__label">total runs</span></div>
          <div className="stat"><span className="stat__value">{usd(cost)}</span><span className="stat__label">last {items.length} runs</span></div>
        </div>
      )}
      <ul className="list list--compact">
        {items.slice(0, SHOWN).map((item) => (
          <li key={item.adwId} className="list__row">
            <span className={`dot dot--${item.status}`} aria-label={item.status} />
            <div className="list__main">
              <span className="list__title">#{item.issueNumber} <span className="muted small">{item.workflow}</span></span>
            </div>
            <div className="list__side small muted">
              <span>{duration(item.durationSeconds)} · {usd(item.costUsd)}</span>
              <span>{ago(item.completedAt, now)}</span>
            </div>
          </li>
        ))}
      </ul>
    </FeedCard>
  )
}
