import type { EndpointView } from '../core/types'

/** A striped bar across the panel while any fault is injected, so nobody forgets it is on. */
export function ChaosBanner({ endpoints, offline }: { endpoints: readonly EndpointView[]; offline: boolean }) {
  const parts = endpoints.filter((view) => view.activeChaos.length > 0).map((view) => `${view.name}: ${view.activeChaos.join(', ')}`)
  if (offline) parts.unshift('pool forced offline')
  if (parts.length === 0) return null
  return (
    <div className="zrdp-banner" role="status" data-testid="devpanel-chaos-banner">
      <span aria-hidden="true">⚠</span>
      <span>Chaos active — {parts.join(' · ')}</span>
    </div>
  )
}
