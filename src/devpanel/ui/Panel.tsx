import { useId, useMemo, useState, useSyncExternalStore, type KeyboardEvent, type Ref } from 'react'
import type { PanelLayout } from '../core/layout'
import type { DevPanelModel } from '../core/types'
import { ChaosBanner } from './ChaosBanner'
import { EndpointTable } from './EndpointTable'
import { FrameInspector } from './FrameInspector'
import { MetricsStrip } from './MetricsStrip'
import { PanelHeader } from './PanelHeader'
import { TabsBadge } from './TabsBadge'
import { Timeline } from './Timeline'

export interface PanelProps {
  id: string
  model: DevPanelModel
  layout: PanelLayout
  onLayout: (change: Partial<PanelLayout>) => void
  /** `byKeyboard`: Escape, so focus goes back to the toggle. */
  onClose: (byKeyboard: boolean) => void
  panelRef: Ref<HTMLElement>
}

/** The open panel: a labelled region next to the toggle, never modal. */
export function Panel({ id, model, layout, onLayout, onClose, panelRef }: PanelProps) {
  const snapshot = useSyncExternalStore(model.subscribe, model.getSnapshot)
  const titleId = useId()
  const nameList = snapshot.endpoints.map((view) => view.name).join('\n')
  const names = useMemo(() => nameList.split('\n'), [nameList])
  // The frame inspector opens from a row's "Frames" button (one click from "why is this card empty?").
  const [inspected, setInspected] = useState<string | null>(null)
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return
    event.stopPropagation()
    onClose(true)
  }
  return (
    <section id={id} ref={panelRef} className="zrdp-panel" data-size={layout.size} role="region" aria-labelledby={titleId} tabIndex={-1} onKeyDown={onKeyDown} data-testid="devpanel">
      <PanelHeader titleId={titleId} summary={snapshot.summary} offline={snapshot.offline} controls={model.chaos} layout={layout} onLayout={onLayout} onClose={() => onClose(false)} />
      <TabsBadge sharing={snapshot.sharing} />
      <ChaosBanner endpoints={snapshot.endpoints} offline={snapshot.offline} />
      <div className="zrdp-body">
        <MetricsStrip metrics={snapshot.metrics} />
        <EndpointTable endpoints={snapshot.endpoints} now={snapshot.now} controls={model.chaos} onInspect={setInspected} />
        {inspected !== null && (
          <FrameInspector frames={model.frames} endpoints={snapshot.endpoints} selected={inspected} onSelect={setInspected} onClose={() => setInspected(null)} />
        )}
        <Timeline transitions={snapshot.transitions} names={names} model={model} />
      </div>
    </section>
  )
}
