/**
 * The browser APIs tab sharing needs, as narrow interfaces: `navigator.locks` and
 * `BroadcastChannel` fit them, and so do the in-memory fakes of the tests.
 */

export interface LockRequestOptions {
  mode?: 'exclusive' | 'shared'
  /** Take the lock from its holder now (the holder's request rejects with an AbortError). */
  steal?: boolean
  /** Abort a request that is still queued. */
  signal?: AbortSignal
}

export interface LockInfoLike {
  name?: string
  mode?: string
  clientId?: string
}

export interface LockManagerLike {
  request(name: string, options: LockRequestOptions, callback: (lock: unknown) => Promise<void>): Promise<unknown>
  /** Optional (the leader uses it to notice tabs that vanished without a word). */
  query?(): Promise<{ held?: LockInfoLike[]; pending?: LockInfoLike[] }>
}

export interface ChannelLike {
  postMessage(message: unknown): void
  close(): void
  onmessage: ((event: MessageEvent) => void) | null
}

export type ChannelConstructor = new (name: string) => ChannelLike

/**
 * Subscribes to the page going away (`pagehide`) and coming back from the back/forward cache
 * (`pageshow` with `persisted`); returns the function that unsubscribes both.
 */
export type PageExit = (handlers: { exit(): void; back(): void }) => () => void

/** `navigator.locks`, when this environment has it (browsers; not Node 20, not jsdom). */
export const browserLocks = (): LockManagerLike | null => {
  const locks: unknown = globalThis.navigator?.locks
  if (typeof locks !== 'object' || locks === null) return null
  return typeof globalThis.navigator.locks.request === 'function' ? globalThis.navigator.locks : null
}

/** `BroadcastChannel`, when this environment has it. */
export const browserChannel = (): ChannelConstructor | null =>
  typeof globalThis.BroadcastChannel === 'function' ? globalThis.BroadcastChannel : null

/** `pagehide` / `pageshow` on `window`, or null outside a browser. */
export const browserPageExit = (): PageExit | null => {
  const win = globalThis.window
  if (win === undefined || typeof win.addEventListener !== 'function') return null
  return (handlers) => {
    const onHide = (): void => handlers.exit()
    const onShow = (event: PageTransitionEvent): void => {
      if (event.persisted) handlers.back()
    }
    win.addEventListener('pagehide', onHide)
    win.addEventListener('pageshow', onShow)
    return () => {
      win.removeEventListener('pagehide', onHide)
      win.removeEventListener('pageshow', onShow)
    }
  }
}
