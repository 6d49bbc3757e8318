import { useLayoutEffect, useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { HOST_ATTRIBUTE } from './shadowHost'

/**
 * Renders `children` into the open shadow root of an element appended to `document.body`:
 * the page's styles cannot reach in, `css` cannot leak out, and the panel sits outside the
 * app's layout.
 */
export function ShadowPortal({ css, children }: { css: string; children: ReactNode }) {
  const [root, setRoot] = useState<ShadowRoot | null>(null)
  useLayoutEffect(() => {
    const host = document.createElement('div')
    host.setAttribute(HOST_ATTRIBUTE, '')
    const shadow = host.attachShadow({ mode: 'open' })
    const style = document.createElement('style')
    style.textContent = css
    shadow.append(style)
    document.body.append(host)
    setRoot(shadow)
    return () => {
      host.remove()
      setRoot(null)
    }
  }, [css])
  return root === null ? null : createPortal(children, root)
}
