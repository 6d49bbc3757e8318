import type { AdwRun } from '../model/types'
import { FeedCard } from '../FeedCard'
import { duration } from '../format'
import { useDashboard } from '../storeContext'
import { useNow } from '../useNow'

const SHOWN = 5
const STATUS_ORDER: Record<AdwRun['status'], number> = { running: 0, paused: 1, queued: 2, failed: 3, completed: 4 }

/** Running first, then the most recent. */
const byRelevance = (a: AdwRun, b: AdwRun): number => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.startedAt - a.startedAt

function RunRow({ run, now }: { run: AdwRun; now: number }) {
  const progress = Math.max(0, Math.min(100, run.progress))
  return (
    <li className="run">
      <div className="run__head">
        <span className="mono">{run.adwId}</span>
        <span className="muted">#{run.issueNumber} · {run.workflow}</span>
        <span className={`chip chip--${run.status}`}>{run.status}</span>
      </div>
      <div className="progress" role="progressbar" aria-valuenow={progress} aria-valuemin={0} aria-valuemax={100} aria-label={`${run.adwId} progress`}>
        <div className={`progress__bar progress__bar--${run.status}`} style={{ width: `${progress}%` }} />
      </div>
      <div className="run__foot small muted">
        <span>
          <strong className="phase">{run.phase}</strong> · {run.currentStep}
        </span>
        <span>
          {progress} % · {duration((now - run.startedAt) / 1000)}
        </span>
      </div>
    </li>
  )
}

/** Running ADW workflows with their progress, and the day's totals. */
export function AdwMonitorCard() {
  const monitor = useDashboard((state) => state.adwMonitor)
  const now = useNow(1000)
  const summary = monitor?.summary
  return (
    <FeedCard
      name="adw-monitor"
      title="Agent runs"
      wide
      hasData={monitor !== null}
      summary={summary === undefined ? undefined : `${summary.running} running`}
    >
      {summary !== undefined && (
        <div className="stats">
          <div className="stat"><span className="stat__value">{summary.total}</span><span className="stat__label">total</span></div>
          <div className="stat"><span className="stat__value stat__value--info">{summary.running}</span><span className="stat__label">running</span></div>
          <div className="stat"><span className="stat__value stat__value--ok">{summary.completed}</span><span className="stat__label">completed</span></div>
          <div className="stat"><span className="stat__value stat__value--bad">{summary.failed}</span><span className="stat__label">failed</span></div>
        </div>
      )}
      <ul className="runs">
        {[...(monitor?.runs ?? [])].sort(byRelevance).slice(0, SHOWN).map((run) => <RunRow key={run.adwId} run={run} now={now} />)}
        {monitor !== null && monitor.runs.length === 0 && <li className="muted">No run in progress</li>}
      </ul>
    </FeedCard>
  )
}
