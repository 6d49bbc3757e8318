import { FeedCard } from '../FeedCard'
import { useDashboard } from '../storeContext'

/** The workflow catalogue: phases each workflow runs, whether it is enabled, runs today. */
export function WorkflowsCard() {
  const data = useDashboard((state) => state.workflows)
  const workflows = data?.workflows ?? []
  const runsToday = workflows.reduce((sum, workflow) => sum + workflow.runsToday, 0)
  return (
    <FeedCard name="workflows" title="Workflows" hasData={data !== null} summary={data === null ? undefined : `${runsToday} runs today`}>
      <ul className="list">
        {workflows.map((workflow) => (
          <li key={workflow.id} className={`list__row${workflow.enabled ? '' : ' list__row--off'}`}>
            <div className="list__main">
              <span className="list__title">{workflow.name}</span>
              <span className="small muted">{workflow.description}</span>
              <span className="phases">
                {workflow.phases.map((phase) => <span key={phase} className="phase-chip">{phase}</span>)}
              </span>
            </div>
            <div className="list__side">
              <span className="big-number">{workflow.runsToday}</span>
              <span className={`small ${workflow.enabled ? 'ok' : 'muted'}`}>{workflow.enabled ? 'enabled' : 'disabled'}</span>
            </div>
          </li>
        ))}
      </ul>
    </FeedCard>
  )
}
