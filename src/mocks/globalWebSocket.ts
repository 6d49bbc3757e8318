/**
 * MSW mocks sockets by patching `globalThis.WebSocket`, and does nothing when there is none:
 * Node 20 has no global WebSocket (it arrived in Node 22). Call this before `server.listen()`
 * in a Node test environment: it installs a placeholder that MSW wraps (every mocked URL gets
 * MSW's own socket; an unmocked URL throws). Returns the function that removes it again.
 * Not needed under jsdom, which has its own WebSocket.
 */
export const ensureGlobalWebSocket = (): (() => void) => {
  if (typeof globalThis.WebSocket !== 'undefined') return () => {}

  class UnmockedWebSocket {
    static readonly CONNECTING = 0
    static readonly OPEN = 1
    static readonly CLOSING = 2
    static readonly CLOSED = 3
    constructor(url: string | URL) {
      throw new Error(`No WebSocket in this environment and no mock for ${String(url)}`)
    }
  }
  Object.defineProperty(globalThis, 'WebSocket', { value: UnmockedWebSocket, configurable: true, writable: true })
  return () => {
    if (globalThis.WebSocket === UnmockedWebSocket) Reflect.deleteProperty(globalThis, 'WebSocket')
  }
}
