/** A `ws` WebSocket that reports every construction: one connection attempt, refused or not. */
import { WebSocket } from 'ws'
import type { SocketClass } from './peers'

export function countingWebSocket(onAttempt: (url: string, at: number) => void): SocketClass {
  return class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      onAttempt(url, Date.now())
    }
  }
}
