import type { QueueItem, QueuePhaseName } from '../model/types'
import { FeedCard } from '../FeedCard'
import { ago } from '../format'
import { useDashboard } from '../storeContext'
import { useNow } from '../useNow'

const PHASES: readonly QueuePhaseName[] = ['plan', 'build', 'test', 'review', 'document', 'ship']
const SHOWN = 7

function QueueRow({ item, rank, now }: { item: QueueItem; rank: number; now: number }) {
  return (
    <li className="queue-row">
      <span className="queue-row__position">{rank}</span>
      <span className={`dot dot--${item.status}`} aria-label={item.status} />
      <span className="queue-row__title" title={item.title}>
        <span className="muted">#{item.issueNumber}</span> {item.title}
      </span>
      <span className="phase-chip">{item.phase}</span>
      <span className={`chip chip--${item.status}`}>{item.status}</span>
      <span className="small muted queue-row__age">{ago(item.enqueuedAt, now)}</span>
    </li>
  )
}

/** The work queue: how many items sit in each phase, then the items in queue order. */
export function QueueCard() {
  const queue = useDashboard((state) => state.queue)
  const now = useNow(5000)
  const items = [...(queue?.phases ?? [])].sort((a, b) => a.position - b.position)
  return (
    <FeedCard name="queue" title="Work queue" wide hasData={queue !== null} summary={queue === null ? undefined : `${items.length} items`}>
      {queue?.paused === true && <div className="banner banner--warn">Queue paused: new work waits until it is resumed</div>}
      <ol className="pipeline" aria-label="items per phase">
        {PHASES.map((phase) => {
          const count = items.filter((item) => item.phase === phase).length
          return (
            <li key={phase} className={`pipeline__step${count > 0 ? ' pipeline__step--busy' : ''}`}>
              <span className="pipeline__count">{count}</span>
              <span className="pipeline__name">{phase}</span>
            </li>
          )
        })}
      </ol>
      <ul className="queue">
        {items.slice(0, SHOWN).map((item, index) => <QueueRow key={item.id} item={item} rank={index + 1} now={now} />)}
        {items.length > SHOWN && <li className="small muted queue__more">+ {items.length - SHOWN} more</li>}
        {queue !== null && items.length === 0 && <li className="muted">The queue is empty</li>}
      </ul>
    </FeedCard>
  )
}
