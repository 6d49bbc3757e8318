import { FeedCard } from '../FeedCard'
import { duration } from '../format'
import { useDashboard } from '../storeContext'

function Gauge({ label, value }: { label: string; value: number }) {
  const tone = value >= 85 ? 'bad' : value >= 65 ? 'warn' : 'ok'
  return (
    <div className="gauge">
      <div className="gauge__head small"><span>{label}</span><span>{value.toFixed(0)} %</span></div>
      <div className="progress"><div className={`progress__bar progress__bar--${tone}`} style={{ width: `${Math.min(100, value)}%` }} /></div>
    </div>
  )
}

/** Backend services, resources and uptime. */
export function SystemStatusCard() {
  const data = useDashboard((state) => state.systemStatus)
  return (
    <FeedCard
      name="system-status"
      title="System status"
      hasData={data !== null}
      summary={data === null ? undefined : <span className={`overall overall--${data.overall}`}>{data.overall}</span>}
    >
      {data !== null && (
        <>
          <div className="gauges">
            <Gauge label="CPU" value={data.cpuPercent} />
            <Gauge label="Memory" value={data.memoryPercent} />
          </div>
          <p className="small muted">Up {duration(data.uptimeSeconds)}</p>
          <ul className="services">
            {data.services.map((service) => (
              <li key={service.name} className="service">
                <span className={`dot dot--${service.status}`} aria-label={service.status} />
                <span className="mono">{service.name}</span>
                <span className="small muted">{service.latencyMs} ms</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </FeedCard>
  )
}
