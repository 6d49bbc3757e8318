/** A `ws` WebSocket that reports every construction: one connection attempt, refused or not. */
import { WebSocket } from 'ws'
import type { SocketClass } from './peers'

export function countingWebSocket(onAttempt: (url: string, at: number) => void): SocketClass {
  return class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      // A client that closes a socket still connecting (rws on its connect timeout, under load) makes
      // \`ws\` emit 'error' after the client removed its own listeners: without one, the process dies.
      this.on('error', () => {})
      onAttempt(url, Date.now())
    }
  }
}
