import { WebSocket, type ClientOptions } from 'ws'

/** A frame as it arrived: its text, its JSON value (undefined when not JSON) and when. */
export interface ProbeFrame {
  text: string
  value: unknown
  at: number
}

export interface CloseInfo {
  code: number
  reason: string
  at: number
}

/** One `ws` socket that records every frame and its close, with waits that never hang past a timeout. */
export interface Probe {
  readonly socket: WebSocket
  readonly frames: ProbeFrame[]
  readonly openedAt: number | null
  closeInfo(): CloseInfo | null
  /** Resolves true when open, false when it closed or failed first (or after `timeoutMs`). */
  opened(timeoutMs: number): Promise<boolean>
  /** The first frame (from `fromIndex` on) that `accept`s, or null after `timeoutMs` / a close. */
  nextFrame(accept: (frame: ProbeFrame) => boolean, timeoutMs: number, fromIndex?: number): Promise<ProbeFrame | null>
  /** The close, or null if the socket is still open after `timeoutMs`. */
  closed(timeoutMs: number): Promise<CloseInfo | null>
  send(value: unknown): void
  close(): Promise<void>
}

export const typeOf = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const type: unknown = Reflect.get(value, 'type')
  return typeof type === 'string' ? type : undefined
}

export const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** `autoPong: false`: the probe answers nothing on its own, so a server's dead-peer detection can be seen. */
export const openProbe = (url: string, options: ClientOptions = {}): Probe => {
  const socket = new WebSocket(url, { autoPong: false, ...options })
  const frames: ProbeFrame[] = []
  let openedAt: number | null = null
  let closeInfo: CloseInfo | null = null
  const waiters = new Set<() => void>()
  const wake = (): void => waiters.forEach((waiter) => waiter())

  socket.on('open', () => {
    openedAt = Date.now()
    wake()
  })
  socket.on('message', (data, isBinary) => {
    const text = isBinary ? '' : String(data)
    frames.push({ text, value: isBinary ? undefined : parse(text), at: Date.now() })
    wake()
  })
  // A failed handshake or reset shows as 'error' then 'close' (1006); the close is what we report.
  socket.on('error', () => {})
  socket.on('close', (code, reason) => {
    closeInfo = { code, reason: reason.toString(), at: Date.now() }
    wake()
  })

  /** Polls `read` on every socket event until it returns non-undefined, or the time is up. */
  const until = <T>(read: () => T | undefined, timeoutMs: number, onTimeout: T): Promise<T> =>
    new Promise((resolve) => {
      const first = read()
      if (first !== undefined) return resolve(first)
      const check = (): void => {
        const value = read()
        if (value === undefined) return
        finish(value)
      }
      const finish = (value: T): void => {
        clearTimeout(timer)
        waiters.delete(check)
        resolve(value)
      }
      const timer = setTimeout(() => finish(onTimeout), timeoutMs)
      waiters.add(check)
    })

  return {
    socket,
    frames,
    get openedAt() {
      return openedAt
    },
    closeInfo: () => closeInfo,
    opened: (timeoutMs) => until(() => (openedAt !== null ? true : closeInfo !== null ? false : undefined), timeoutMs, false),
    nextFrame: (accept, timeoutMs, fromIndex = 0) =>
      until(() => frames.slice(fromIndex).find(accept) ?? (closeInfo !== null ? null : undefined), timeoutMs, null),
    closed: (timeoutMs) => until(() => closeInfo ?? undefined, timeoutMs, null),
    send: (value) => socket.send(typeof value === 'string' ? value : JSON.stringify(value)),
    async close() {
      if (closeInfo !== null) return
      if (socket.readyState === WebSocket.OPEN) socket.close(1000)
      else socket.terminate()
      if ((await until(() => closeInfo ?? undefined, 1000, null)) === null) socket.terminate()
    },
  }
}
