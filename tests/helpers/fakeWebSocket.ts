import type { CloseEventLike, Message, PageLifecycle, WebSocketLike } from 'zustand-realtime/transport'

/**
 * A scripted peer for fast, exact transport tests: the test plays the server
 * (`open`, `receive`, `serverClose`, `fail`) and reads what the client `sent`.
 */
export class FakeSocket implements WebSocketLike {
  readyState = 0
  onopen: ((event: unknown) => void) | null = null
  onclose: ((event: CloseEventLike) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  readonly sent: string[] = []
  closedByClient: { code: number | undefined; reason: string | undefined } | null = null

  constructor(readonly url: string, readonly createdAt: number) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('FakeSocket: send while not open')
    this.sent.push(data)
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason }
    this.readyState = 3
  }

  // ── the server's side ──
  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }

  receive(frame: Message | string): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) })
  }

  serverClose(code: number, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason, wasClean: true })
  }

  /** A failed connect or a dropped network: error, then close 1006. */
  fail(): void {
    this.readyState = 3
    this.onerror?.({})
    this.onclose?.({ code: 1006, reason: '', wasClean: false })
  }

  sentFrames(): Message[] {
    return this.sent.map((data) => JSON.parse(data) as Message)
  }

  get isLive(): boolean {
    return this.readyState <= 1 && this.closedByClient === null
  }
}

/** A WebSocket constructor whose instances the test can reach. */
export function fakeSockets(now: () => number = Date.now) {
  const all: FakeSocket[] = []
  class FakeWebSocket extends FakeSocket {
    constructor(url: string) {
      super(url, now())
      all.push(this)
    }
  }
  return {
    WebSocket: FakeWebSocket,
    all,
    /** Sockets created for one endpoint url, oldest first. */
    for: (fragment: string) => all.filter((s) => s.url.includes(fragment)),
    last: (fragment: string): FakeSocket => {
      const found = all.filter((s) => s.url.includes(fragment)).at(-1)
      if (!found) throw new Error(`no socket for ${fragment}`)
      return found
    },
    live: () => all.filter((s) => s.isLive),
  }
}

/** A page whose visibility and connectivity the test flips. */
export function fakePage() {
  let hidden = false
  let offline = false
  let handlers: Parameters<PageLifecycle['subscribe']>[0] | null = null
  let subscriptions = 0
  const lifecycle: PageLifecycle = {
    isHidden: () => hidden,
    isOffline: () => offline,
    subscribe(next) {
      handlers = next
      subscriptions++
      return () => { handlers = null }
    },
  }
  return {
    lifecycle,
    hide: () => { hidden = true; handlers?.visibilityChange() },
    show: () => { hidden = false; handlers?.visibilityChange() },
    goOffline: () => { offline = true; handlers?.offline() },
    goOnline: () => { offline = false; handlers?.online() },
    get listening() { return handlers !== null },
    get subscriptions() { return subscriptions },
  }
}
