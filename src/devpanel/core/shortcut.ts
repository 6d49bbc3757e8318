/** Alt+Shift+R ("realtime") toggles the panel; matched on the physical key so macOS's Option+Shift+R works too. */
export const TOGGLE_SHORTCUT = { code: 'KeyR', aria: 'Alt+Shift+R', label: 'Alt+Shift+R' } as const

export type ShortcutEvent = Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code' | 'repeat'>

export const isToggleShortcut = (event: ShortcutEvent): boolean =>
  event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && !event.repeat && event.code === TOGGLE_SHORTCUT.code
