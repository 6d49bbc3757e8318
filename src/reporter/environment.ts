import type { MemoryReading } from './report'

/** What the reporter needs from the page; injected in tests, the browser's by default. */
export interface ReporterEnvironment {
  /** false while the browser says it is offline: reports are dropped, not queued. */
  isOnline(): boolean
  /** Calls `fn` when the page is being hidden for good or put in the back-forward cache; returns the unsubscribe. */
  onPageHide(fn: () => void): () => void
  /** The page's memory, where the browser tells it (null where it does not). */
  memory(): Promise<MemoryReading | null>
}

interface UserAgentMemory {
  measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>
  memory?: { usedJSHeapSize: number }
}

/** `performance.measureUserAgentSpecificMemory()` (cross-origin-isolated pages), else Chromium's `performance.memory`. */
export const readPageMemory = async (performance: UserAgentMemory | undefined, crossOriginIsolated: boolean): Promise<MemoryReading | null> => {
  if (performance === undefined) return null
  if (crossOriginIsolated && typeof performance.measureUserAgentSpecificMemory === 'function') {
    try {
      const { bytes } = await performance.measureUserAgentSpecificMemory()
      if (Number.isFinite(bytes)) return { bytes: Math.round(bytes), source: 'measureUserAgentSpecificMemory' }
    } catch {
      // SecurityError outside a cross-origin-isolated context: fall through to the legacy figure.
    }
  }
  const used = performance.memory?.usedJSHeapSize
  return typeof used === 'number' && Number.isFinite(used) ? { bytes: Math.round(used), source: 'performance.memory' } : null
}

/** The browser's: `navigator.onLine`, `pagehide` on window, the page's memory. null outside a browser. */
export const browserReporterEnvironment = (): ReporterEnvironment | null => {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return null
  return {
    isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
    onPageHide(fn) {
      window.addEventListener('pagehide', fn)
      return () => window.removeEventListener('pagehide', fn)
    },
    memory: () => readPageMemory(globalThis.performance as UserAgentMemory | undefined, globalThis.crossOriginIsolated === true),
  }
}
