import { memo, useCallback, useId, useState, useSyncExternalStore } from 'react'
import { formatClock, formatCount } from '../core/format'
import { describeVerdict, frameJson, type FrameEntry, type FrameLog } from '../core/frameLog'
import type { EndpointView } from '../core/types'

export interface FrameInspectorProps {
  frames: FrameLog
  endpoints: readonly EndpointView[]
  /** The endpoint shown (a row's "Frames" button picks it). */
  selected: string
  onSelect: (name: string) => void
  onClose: () => void
}

const FrameRow = memo(function FrameRow({ entry }: { entry: FrameEntry }) {
  const [open, setOpen] = useState(false)
  const verdict = describeVerdict(entry)
  const bad = entry.verdict?.kind === 'rejected' || entry.verdict?.kind === 'dropped'
  return (
    <li className="zrdp-frame" data-verdict={entry.verdict?.kind ?? 'none'} data-testid="devpanel-frame">
      <span className="zrdp-num zrdp-muted">{formatClock(entry.at)}</span>
      <span className="zrdp-frame-dir" title={entry.via === 'poll' ? 'fetched over HTTP' : entry.direction === 'in' ? 'received' : 'sent'}>
        {entry.direction === 'in' ? (entry.via === 'poll' ? '⇣ http' : '↓ in') : '↑ out'}
      </span>
      <span className="zrdp-name">{entry.type ?? '(not a message)'}</span>
      <span className="zrdp-num zrdp-muted">{formatCount(entry.size)} B</span>
      <span className={bad ? 'zrdp-error' : 'zrdp-reason'} title={verdict}>{verdict}</span>
      <button type="button" className="zrdp-btn" aria-expanded={open} onClick={() => setOpen(!open)}>JSON</button>
      {open && <pre className="zrdp-json">{frameJson(entry)}</pre>}
    </li>
  )
})

/** The last frames of one endpoint, newest first: what came in, what went out, what became of each. */
export const FrameInspector = memo(function FrameInspector({ frames, endpoints, selected, onSelect, onClose }: FrameInspectorProps) {
  const titleId = useId()
  const read = useCallback(() => frames.frames(selected), [frames, selected])
  const shown = useSyncExternalStore(frames.subscribe, read)
  const view = endpoints.find((candidate) => candidate.name === selected)
  return (
    <section className="zrdp-timeline-section" aria-labelledby={titleId} data-testid="devpanel-frames">
      <div className="zrdp-timeline-head">
        <h3 className="zrdp-section-title" id={titleId}>Frames <span className="zrdp-num">({shown.length})</span></h3>
        <select className="zrdp-select" aria-label="Frames of endpoint" value={selected} onChange={(event) => onSelect(event.target.value)}>
          {endpoints.map(({ name }) => <option key={name} value={name}>{name}</option>)}
        </select>
        <button type="button" className="zrdp-btn" onClick={onClose}>Close frames</button>
      </div>
      {view?.health.dataError != null && (
        <p className="zrdp-error-note" role="note">Latest frame rejected ({view.health.dataError.count} in a row): {view.health.dataError.message}</p>
      )}
      {view !== undefined && view.foreignFrames > 0 && (
        <p className="zrdp-note" role="note" data-testid="devpanel-foreign-note">
          The server sends every type on every socket: {formatCount(view.foreignFrames)} frames on this socket belonged to other feeds and were routed to them by type (repeats applied once).
        </p>
      )}
      <ol className="zrdp-timeline" aria-label="Frames, newest first">
        {shown.length === 0 && <li className="zrdp-empty">No frames yet.</li>}
        {[...shown].reverse().map((entry) => <FrameRow key={entry.id} entry={entry} />)}
      </ol>
    </section>
  )
})
