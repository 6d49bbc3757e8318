import { memo, type MouseEvent, type Ref } from 'react'
import { TOGGLE_SHORTCUT } from '../core/shortcut'
import type { PanelSummary } from '../core/types'

export interface ToggleProps {
  summary: PanelSummary
  open: boolean
  controls: string
  /** `byKeyboard`: Enter/Space on the button, so the panel may take focus. */
  onToggle: (byKeyboard: boolean) => void
  buttonRef: Ref<HTMLButtonElement>
}

/** The small corner button: a coloured dot and "7/8" live, with the whole summary as its accessible name. */
export const Toggle = memo(function Toggle({ summary, open, controls, onToggle, buttonRef }: ToggleProps) {
  const flag =
    summary.openCircuits > 0 ? `${summary.openCircuits} open`
    : summary.dataErrors > 0 ? `${summary.dataErrors} data error${summary.dataErrors === 1 ? '' : 's'}`
    : summary.chaos > 0 ? 'chaos' : null
  return (
    <button
      ref={buttonRef}
      type="button"
      className="zrdp-toggle"
      data-testid="devpanel-toggle"
      data-severity={summary.severity}
      data-chaos={summary.chaos > 0 ? 'on' : 'off'}
      aria-label={`Realtime dev panel: ${summary.text}`}
      aria-expanded={open}
      aria-controls={controls}
      aria-keyshortcuts={TOGGLE_SHORTCUT.aria}
      title={`Realtime dev panel (${TOGGLE_SHORTCUT.label})`}
      onClick={(event: MouseEvent) => onToggle(event.detail === 0)}
    >
      <span className="zrdp-dot" aria-hidden="true" />
      <span aria-hidden="true">realtime</span>
      {/* A feed whose latest frame was rejected is connected but not live: it does not count here. */}
      <span className="zrdp-num" aria-hidden="true">{summary.connected - summary.dataErrors}/{summary.total}</span>
      {flag !== null && <span className="zrdp-toggle-flag" aria-hidden="true">{flag}</span>}
    </button>
  )
})
