import type { ChaosControls } from '../../transport/types'
import type { EndpointView } from '../core/types'
import { EndpointRow } from './EndpointRow'

/** Rows without a countdown get a constant clock, so the 1 Hz tick does not re-render them. */
const clockFor = (view: EndpointView, now: number): number =>
  view.health.nextRetryAt !== null || (view.health.circuitState === 'open' && view.health.circuitOpenUntil !== null) ? now : 0

const COLUMNS = ['Endpoint', 'Status', 'Circuit', 'Retries', 'RTT · quality', 'Msg/s', 'Seq', 'Last error', 'Chaos'] as const

export function EndpointTable({ endpoints, now, controls, onInspect }: { endpoints: readonly EndpointView[]; now: number; controls: ChaosControls; onInspect: (name: string) => void }) {
  return (
    <section aria-label="Endpoints">
      <table className="zrdp-table">
        <caption className="zrdp-section-title">Endpoints</caption>
        <thead>
          <tr>{COLUMNS.map((column) => <th key={column} scope="col">{column}</th>)}</tr>
        </thead>
        <tbody>
          {endpoints.map((view) => <EndpointRow key={view.name} view={view} now={clockFor(view, now)} controls={controls} onInspect={onInspect} />)}
        </tbody>
      </table>
    </section>
  )
}
