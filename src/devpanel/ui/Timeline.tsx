import { memo, useId, useState } from 'react'
import type { Transition } from '../../transport/types'
import { formatClock } from '../core/format'
import { timelineOf } from '../core/timeline'
import type { DevPanelModel } from '../core/types'
import { copyText, downloadText } from './exportFile'

export interface TimelineProps {
  transitions: readonly Transition[]
  names: readonly string[]
  model: DevPanelModel
}

/** Stable React keys for transitions as the ring buffer rolls. */
const keys = new WeakMap<Transition, number>()
let lastKey = 0
const keyOf = (transition: Transition): number => {
  let key = keys.get(transition)
  if (key === undefined) {
    key = ++lastKey
    keys.set(transition, key)
  }
  return key
}

const TimelineEvent = memo(function TimelineEvent({ transition }: { transition: Transition }) {
  const { kind, name, from, to, reason, at, code } = transition
  return (
    <li className="zrdp-event" data-kind={kind} data-endpoint={name}>
      <span className="zrdp-num zrdp-muted">{formatClock(at)}</span>
      <span className="zrdp-name">{name}</span>
      <span className="zrdp-kind">{kind}</span>
      <span>{kind === 'chaos' ? '' : `${from} → ${to}`}</span>
      <span className="zrdp-reason" title={reason}>{code !== undefined && <span className="zrdp-error-code zrdp-num">{code}</span>}{reason}</span>
    </li>
  )
})

/** The last transitions, newest first, filterable by endpoint and exportable as JSON. */
export const Timeline = memo(function Timeline({ transitions, names, model }: TimelineProps) {
  const [endpoint, setEndpoint] = useState('')
  const [note, setNote] = useState('')
  const titleId = useId()
  const shown = timelineOf(transitions, endpoint)
  const fileName = `zustand-realtime-timeline${endpoint ? `-${endpoint}` : ''}.json`

  const copy = async () => {
    const copied = await copyText(model.exportTimeline(endpoint || null))
    setNote(copied ? `Copied ${shown.length} transitions` : 'Clipboard not available: use Download JSON')
  }
  const download = () => {
    downloadText(model.exportTimeline(endpoint || null), fileName)
    setNote(`Saved ${fileName}`)
  }

  return (
    <section className="zrdp-timeline-section" aria-labelledby={titleId}>
      <div className="zrdp-timeline-head">
        <h3 className="zrdp-section-title" id={titleId}>Timeline <span className="zrdp-num">({shown.length})</span></h3>
        <select className="zrdp-select" aria-label="Filter timeline by endpoint" value={endpoint} onChange={(event) => setEndpoint(event.target.value)}>
          <option value="">All endpoints</option>
          {names.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
        <button type="button" className="zrdp-btn" onClick={() => void copy()}>Copy JSON</button>
        <button type="button" className="zrdp-btn" onClick={download}>Download JSON</button>
        <span className="zrdp-status-note" role="status">{note}</span>
      </div>
      <ol className="zrdp-timeline" aria-label="Transitions, newest first" data-testid="devpanel-timeline">
        {shown.length === 0 && <li className="zrdp-empty">No transitions yet.</li>}
        {[...shown].reverse().map((transition) => <TimelineEvent key={keyOf(transition)} transition={transition} />)}
      </ol>
    </section>
  )
})
