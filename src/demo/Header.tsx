import { useShallow } from 'zustand/react/shallow'
import { FEED_NAMES } from '../store'
import { BADGE_LABELS, badgeLabel, badgeTone, type BadgeLabel } from './badge'
import { useDashboard } from './storeContext'

interface HeaderProps {
  backend: string
  mock: boolean
}

const headline = (counts: Map<BadgeLabel, number>, total: number): { text: string; tone: string } => {
  const connected = counts.get('Connected') ?? 0
  if (connected === total) return { text: 'All feeds live', tone: 'ok' }
  if ((counts.get('Paused') ?? 0) > 0) return { text: 'Paused while the tab is hidden or offline', tone: 'muted' }
  const dataErrors = counts.get('Data error') ?? 0
  if (connected === 0 && dataErrors === 0 && (counts.get('Polling') ?? 0) === 0) return { text: 'Backend unreachable: reconnecting', tone: 'bad' }
  const why = dataErrors > 0 ? ` (${dataErrors} cannot read the backend's data)` : ''
  return { text: `${total - connected} of ${total} feeds degraded${why}`, tone: 'warn' }
}

/** Product name, the backend in use, and one line that says whether the data is live. */
export function Header({ backend, mock }: HeaderProps) {
  const labels = useDashboard(useShallow((state) => FEED_NAMES.map((name) => badgeLabel(state.connections[name]))))
  const counts = new Map<BadgeLabel, number>()
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1)
  const { text, tone } = headline(counts, labels.length)
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <span className="logo" aria-hidden="true">◆</span>
        <div>
          <h1>ADW Control Center</h1>
          <p className="small muted">
            {mock ? 'mock backend (MSW)' : 'live backend'} · <span className="mono">{backend}</span>
          </p>
        </div>
      </div>
      <div className="topbar__summary" data-testid="connection-summary">
        <span className={`headline headline--${tone}`}>{text}</span>
        <span className="tally">
          {BADGE_LABELS.filter((label) => counts.has(label)).map((label) => (
            <span key={label} className={`tally__item ${badgeTone(label)}`}>
              {counts.get(label)} {label.toLowerCase()}
            </span>
          ))}
        </span>
      </div>
    </header>
  )
}
