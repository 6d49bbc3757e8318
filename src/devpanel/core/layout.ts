/** Where the toggle and the panel sit. */
export const CORNERS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const
export type Corner = (typeof CORNERS)[number]

export const PANEL_SIZES = ['small', 'medium', 'large'] as const
export type PanelSize = (typeof PANEL_SIZES)[number]

export interface PanelLayout {
  open: boolean
  position: Corner
  size: PanelSize
}

export const DEFAULT_STORAGE_KEY = 'zustand-realtime:devpanel'

/** Only the parts of `Storage` the layout needs, so tests and SSR can pass something else. */
export type LayoutStorage = Pick<Storage, 'getItem' | 'setItem'>

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value)

/** `localStorage` when the page has a usable one, else null (SSR, sandboxed iframes, disabled storage). */
export const browserStorage = (): LayoutStorage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

/** The saved layout, each field checked; anything missing or malformed falls back to `defaults`. */
export const loadLayout = (storage: LayoutStorage | null, key: string, defaults: PanelLayout): PanelLayout => {
  let saved: unknown = null
  try {
    saved = JSON.parse(storage?.getItem(key) ?? 'null')
  } catch {
    return defaults
  }
  if (typeof saved !== 'object' || saved === null) return defaults
  const fields: Partial<Record<keyof PanelLayout, unknown>> = saved
  return {
    open: typeof fields.open === 'boolean' ? fields.open : defaults.open,
    position: isOneOf(CORNERS, fields.position) ? fields.position : defaults.position,
    size: isOneOf(PANEL_SIZES, fields.size) ? fields.size : defaults.size,
  }
}

export const saveLayout = (storage: LayoutStorage | null, key: string, layout: PanelLayout): void => {
  try {
    storage?.setItem(key, JSON.stringify(layout))
  } catch {
    // Full or forbidden storage: the layout just is not remembered.
  }
}
