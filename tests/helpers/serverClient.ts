import { vi } from 'vitest'
import { type ClientOptions, WebSocket } from 'ws'

/** A real `ws` client that records everything it gets, for tests against the reference server. */
export interface TestClient {
  readonly socket: WebSocket
  /** Every text frame, in order. */
  readonly texts: string[]
  /** The text frames that parsed as JSON objects, in order. */
  readonly frames: Record<string, unknown>[]
  /** Protocol-level pings received. */
  pings: number
  closeEvent: { code: number; reason: string } | null
  error: Error | null
  send(value: unknown): void
  ofType(type: string): Record<string, unknown>[]
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const openClient = (url: string, options?: ClientOptions): TestClient => {
  const socket = new WebSocket(url, options)
  const client: TestClient = {
    socket,
    texts: [],
    frames: [],
    pings: 0,
    closeEvent: null,
    error: null,
    send: (value) => socket.send(typeof value === 'string' ? value : JSON.stringify(value)),
    ofType: (type) => client.frames.filter((frame) => frame.type === type),
  }
  socket.on('message', (data, isBinary) => {
    if (isBinary) return
    const text = String(data)
    client.texts.push(text)
    const value = parse(text)
    if (isRecord(value)) client.frames.push(value)
  })
  socket.on('ping', () => {
    client.pings += 1
  })
  socket.on('error', (error) => {
    client.error = error
  })
  socket.on('close', (code, reason) => {
    client.closeEvent = { code, reason: reason.toString() }
  })
  return client
}

const WAIT = { timeout: 3000, interval: 5 }

export const waitOpen = (client: TestClient): Promise<void> =>
  vi.waitFor(() => {
    if (client.closeEvent) throw new Error(`closed before open: ${JSON.stringify(client.closeEvent)}`)
    if (client.socket.readyState !== WebSocket.OPEN) throw new Error('not open yet')
  }, WAIT)

export const waitClosed = (client: TestClient, timeout = WAIT.timeout): Promise<{ code: number; reason: string }> =>
  vi.waitFor(() => {
    if (!client.closeEvent) throw new Error('not closed yet')
    return client.closeEvent
  }, { ...WAIT, timeout })

/** Waits until `count` frames of `type` arrived; returns them. */
export const waitFrames = (client: TestClient, type: string, count = 1, timeout = WAIT.timeout): Promise<Record<string, unknown>[]> =>
  vi.waitFor(() => {
    const frames = client.ofType(type)
    if (frames.length < count) throw new Error(`${frames.length}/${count} "${type}" frames`)
    return frames
  }, { ...WAIT, timeout })

/** Sends a ping with a fresh timestamp and waits for its pong: everything sent before it has arrived. */
export const roundTrip = async (client: TestClient, timestamp: number): Promise<void> => {
  client.send({ type: 'ping', timestamp })
  await vi.waitFor(() => {
    if (!client.ofType('pong').some((frame) => frame.timestamp === timestamp)) throw new Error('no pong yet')
  }, WAIT)
}

/** Opens clients for one test and closes all of them afterwards. */
export const createClientPool = () => {
  const clients: TestClient[] = []
  return {
    open(url: string, options?: ClientOptions): TestClient {
      const client = openClient(url, options)
      clients.push(client)
      return client
    },
    async closeAll(): Promise<void> {
      for (const client of clients.splice(0)) {
        if (client.socket.readyState !== WebSocket.CLOSED) client.socket.terminate()
        await waitClosed(client)
      }
    },
  }
}

export const getJson = async (url: string): Promise<{ status: number; headers: Headers; body: unknown }> => {
  const response = await fetch(url)
  return { status: response.status, headers: response.headers, body: await response.json() }
}

export const postJson = async (url: string, body: unknown): Promise<{ status: number; body: unknown }> => {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } })
  return { status: response.status, body: await response.json() }
}
