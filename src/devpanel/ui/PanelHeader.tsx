import type { ChaosControls } from '../../transport/types'
import { CORNERS, PANEL_SIZES, type PanelLayout } from '../core/layout'
import { TOGGLE_SHORTCUT } from '../core/shortcut'
import type { PanelSummary } from '../core/types'

export interface PanelHeaderProps {
  titleId: string
  summary: PanelSummary
  offline: boolean
  controls: ChaosControls
  layout: PanelLayout
  onLayout: (change: Partial<PanelLayout>) => void
  onClose: () => void
}

export function PanelHeader({ titleId, summary, offline, controls, layout, onLayout, onClose }: PanelHeaderProps) {
  return (
    <header className="zrdp-header">
      <h2 className="zrdp-title" id={titleId}>Realtime transport</h2>
      <span className="zrdp-summary" data-severity={summary.severity} data-testid="devpanel-summary">
        <span className="zrdp-dot" aria-hidden="true" />
        {summary.text}
      </span>
      <span className="zrdp-spacer" />
      <span className="zrdp-group" role="group" aria-label="Chaos for every endpoint">
        <button type="button" className="zrdp-btn zrdp-btn-global" aria-pressed={offline} onClick={() => controls.offline(!offline)}>Go offline</button>
        <button type="button" className="zrdp-btn" onClick={() => controls.clear()}>Clear chaos</button>
      </span>
      <span className="zrdp-group" role="group" aria-label="Panel layout">
        <select className="zrdp-select" aria-label="Panel position" value={layout.position} onChange={(event) => onLayout({ position: CORNERS.find((corner) => corner === event.target.value) ?? layout.position })}>
          {CORNERS.map((corner) => <option key={corner} value={corner}>{corner.replace('-', ' ')}</option>)}
        </select>
        <select className="zrdp-select" aria-label="Panel size" value={layout.size} onChange={(event) => onLayout({ size: PANEL_SIZES.find((size) => size === event.target.value) ?? layout.size })}>
          {PANEL_SIZES.map((size) => <option key={size} value={size}>{size}</option>)}
        </select>
        <button type="button" className="zrdp-btn zrdp-btn-icon" aria-label="Close dev panel" title={`Close (Esc, ${TOGGLE_SHORTCUT.label})`} onClick={onClose}>×</button>
      </span>
    </header>
  )
}
