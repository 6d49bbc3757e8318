import type { WebSocketLike } from './types'

export interface SocketEvents {
  open(socket: WebSocketLike): void
  message(data: unknown): void
  close(code: number, reason: string): void
}

const noop = () => {}

/**
 * Holds the one live socket of a connection. Each socket gets a generation; once it is
 * detached (or replaced) its late events are ignored, so a stale close can never act twice.
 */
export class SocketSlot {
  private generation = 0
  private live: WebSocketLike | null = null

  get holds(): boolean {
    return this.live !== null
  }

  attach(socket: WebSocketLike, events: SocketEvents): void {
    this.detach(null, '')
    const generation = ++this.generation
    const current = () => generation === this.generation
    this.live = socket
    socket.onopen = () => { if (current()) events.open(socket) }
    socket.onmessage = (event) => { if (current()) events.message(event.data) }
    socket.onclose = (event) => { if (current()) events.close(event.code, event.reason) }
    socket.onerror = noop // the close event that follows carries the code
  }

  /** Forget the socket and close it (when `code` is given and it is still alive). True if there was one. */
  detach(code: number | null, reason: string): boolean {
    const socket = this.live
    this.live = null
    this.generation++
    if (socket === null) return false
    socket.onopen = noop
    socket.onmessage = noop
    socket.onclose = noop
    socket.onerror = noop // `ws` throws on an 'error' event without a listener
    if (code !== null && socket.readyState <= 1) {
      try { socket.close(code, reason) } catch { socket.close() }
    }
    return true
  }
}
