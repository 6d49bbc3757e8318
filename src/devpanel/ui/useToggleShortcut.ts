import { useEffect, useRef } from 'react'
import { isToggleShortcut } from '../core/shortcut'

/** Calls `onShortcut` on Alt+Shift+R anywhere in the page; the listener goes with the component. */
export const useToggleShortcut = (onShortcut: () => void): void => {
  const latest = useRef(onShortcut)
  useEffect(() => {
    latest.current = onShortcut
  })
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isToggleShortcut(event)) return
      event.preventDefault()
      latest.current()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
