import { useCallback, useEffect, useId, useLayoutEffect, useRef, useSyncExternalStore } from 'react'
import { DEFAULT_STORAGE_KEY, type Corner } from './core/layout'
import type { DevPanelModel } from './core/types'
import { Panel } from './ui/Panel'
import { ShadowPortal } from './ui/ShadowPortal'
import { PANEL_CSS } from './ui/styles'
import { Toggle } from './ui/Toggle'
import { useLayout } from './ui/useLayout'
import { useToggleShortcut } from './ui/useToggleShortcut'

/** Marks the UI chunk; the production-bundle test looks for it. */
export const PANEL_UI_MARKER = 'zustand-realtime-devpanel-ui'

export interface PanelUiProps {
  model: DevPanelModel
  position?: Corner
  initialOpen?: boolean
  storageKey?: string
}

const focusedIn = (element: HTMLElement | null): boolean => {
  const root = element?.getRootNode()
  const active = root instanceof ShadowRoot || root instanceof Document ? root.activeElement : null
  return element !== null && active !== null && element.contains(active)
}

/**
 * The toggle and the panel, in their own shadow root. Each reads the model through its own
 * `useSyncExternalStore` (the toggle only the summary), so nothing above them re-renders.
 */
export default function PanelUi({ model, position = 'bottom-right', initialOpen = false, storageKey = DEFAULT_STORAGE_KEY }: PanelUiProps) {
  const summary = useSyncExternalStore(model.subscribe, () => model.getSnapshot().summary)
  const [layout, updateLayout] = useLayout(storageKey, { open: initialOpen, position, size: 'medium' })
  const panelId = useId()
  const toggleRef = useRef<HTMLButtonElement>(null)
  const panelRef = useRef<HTMLElement>(null)
  const focusPanelOnOpen = useRef(false)
  const open = useRef(layout.open)
  useLayoutEffect(() => {
    open.current = layout.open
  }, [layout.open])

  useEffect(() => (layout.open ? model.startSampling() : undefined), [model, layout.open])

  const setOpen = useCallback((next: boolean, byKeyboard: boolean) => {
    if (next === open.current) return
    if (next) focusPanelOnOpen.current = byKeyboard
    else if (focusedIn(panelRef.current)) toggleRef.current?.focus()
    updateLayout({ open: next })
  }, [updateLayout])

  useLayoutEffect(() => {
    if (!layout.open || !focusPanelOnOpen.current) return
    focusPanelOnOpen.current = false
    panelRef.current?.focus()
  }, [layout.open])

  useToggleShortcut(() => setOpen(!open.current, true))
  const onToggle = useCallback((byKeyboard: boolean) => setOpen(!open.current, byKeyboard), [setOpen])
  const onClose = useCallback(() => setOpen(false, false), [setOpen])

  return (
    <ShadowPortal css={PANEL_CSS}>
      <div className="zrdp-root" data-corner={layout.position} data-ui={PANEL_UI_MARKER}>
        <Toggle summary={summary} open={layout.open} controls={panelId} onToggle={onToggle} buttonRef={toggleRef} />
        {layout.open && (
          <Panel id={panelId} model={model} layout={layout} onLayout={updateLayout} onClose={onClose} panelRef={panelRef} />
        )}
      </div>
    </ShadowPortal>
  )
}
