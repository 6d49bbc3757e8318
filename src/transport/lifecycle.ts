import type { PageLifecycle } from './types'

/** The browser's page lifecycle (visibility + online), or null outside a browser. */
export function browserLifecycle(): PageLifecycle | null {
  const doc = globalThis.document
  const win = globalThis.window
  if (doc === undefined || win === undefined || typeof win.addEventListener !== 'function') return null
  return {
    isHidden: () => doc.visibilityState === 'hidden',
    isOffline: () => globalThis.navigator?.onLine === false,
    subscribe(handlers) {
      const onVisibility = () => handlers.visibilityChange()
      const onOnline = () => handlers.online()
      const onOffline = () => handlers.offline()
      doc.addEventListener('visibilitychange', onVisibility)
      win.addEventListener('online', onOnline)
      win.addEventListener('offline', onOffline)
      return () => {
        doc.removeEventListener('visibilitychange', onVisibility)
        win.removeEventListener('online', onOnline)
        win.removeEventListener('offline', onOffline)
      }
    },
  }
}
