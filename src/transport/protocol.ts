import type { Message } from './types'

/**
 * How one endpoint's frames look on the wire. The transport works on `Message`s
 * (`{type, data, ...}`); a protocol maps the server's text frames onto them and builds
 * the heartbeat frames the server understands.
 */
export interface WireProtocol {
  /** One inbound text frame → a message `{type, data, ...}`; throw (with a clear message) for a frame that is not valid. */
  parse(text: string): Message
  /** The heartbeat ping to send, or null when this protocol has no client ping (the heartbeat is then off). */
  ping(timestamp: number): string | null
  /**
   * When `message` is the answer to our ping: the timestamp it echoes (for the RTT), or null when it
   * carries none. Undefined when `message` is not a pong (it is then delivered to subscribers).
   */
  pongTimestamp(message: Message): number | null | undefined
  /** The reply to send when `message` is a server ping (not delivered to subscribers), else null. */
  serverPingReply(message: Message): string | null
}

const preview = (text: string): string => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    throw new Error(`not JSON: ${preview(text)}`)
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const isMessage = (value: unknown): value is Message => isRecord(value) && typeof value.type === 'string'

/** SPEC §3: `{type, data}` frames, `{type:"ping", timestamp}` → `{type:"pong", timestamp}`, `server_ping` answered with a pong. */
export const defaultProtocol: WireProtocol = {
  parse(text) {
    const parsed = parseJson(text)
    if (!isMessage(parsed)) throw new Error(`without a string "type": ${preview(text)}`)
    return parsed
  },
  ping: (timestamp) => JSON.stringify({ type: 'ping', timestamp }),
  pongTimestamp: (message) => (message.type === 'pong' ? (typeof message.timestamp === 'number' ? message.timestamp : null) : undefined),
  serverPingReply: (message) => (message.type === 'server_ping' ? JSON.stringify({ type: 'pong', timestamp: message.timestamp }) : null),
}

export interface EnvelopeOptions {
  /** The field that names the message type, e.g. `'event'`. */
  type: string
  /** The field that holds the payload, e.g. `'payload'`; it becomes `message.data`. */
  data: string
  /** The field of the heartbeat timestamps (default `'timestamp'`); it becomes `message.timestamp`. */
  timestamp?: string
  /** Type of the client's ping (default `'ping'`); null: the server takes no pings, the heartbeat is off. */
  ping?: string | null
  /** Type of the server's answer to a ping (default `'pong'`). */
  pong?: string
  /** Type of a ping the server sends (default `'server_ping'`); null: the server sends none. */
  serverPing?: string | null
  /** Type of the client's answer to a server ping (default: the `pong` type). */
  serverPingReply?: string
}

/**
 * A protocol for JSON envelopes with other field names, e.g. `{event: "queue.update", payload: {...}}`:
 * `envelopeProtocol({ type: 'event', data: 'payload' })`. Other fields of a frame are kept as they are.
 */
export function envelopeProtocol(options: EnvelopeOptions): WireProtocol {
  const { type: typeField, data: dataField, timestamp: timestampField = 'timestamp' } = options
  for (const [key, value] of Object.entries({ type: typeField, data: dataField, timestamp: timestampField })) {
    if (typeof value !== 'string' || value === '') throw new Error(`zustand-realtime: envelopeProtocol: \`${key}\` must name a field (a non-empty string), got ${JSON.stringify(value)}`)
  }
  const pingType = options.ping === undefined ? 'ping' : options.ping
  const pongType = options.pong ?? 'pong'
  const serverPingType = options.serverPing === undefined ? 'server_ping' : options.serverPing
  const replyType = options.serverPingReply ?? pongType
  const frame = (type: string, timestamp: unknown): string => JSON.stringify({ [typeField]: type, [timestampField]: timestamp })
  return {
    parse(text) {
      const parsed = parseJson(text)
      if (!isRecord(parsed) || typeof parsed[typeField] !== 'string') throw new Error(`without a string "${typeField}": ${preview(text)}`)
      const message: Message = { ...parsed, type: parsed[typeField] }
      if (dataField in parsed) message.data = parsed[dataField]
      const timestamp = parsed[timestampField]
      if (typeof timestamp === 'number') message.timestamp = timestamp
      return message
    },
    ping: (timestamp) => (pingType === null ? null : frame(pingType, timestamp)),
    pongTimestamp: (message) => (message.type === pongType ? (typeof message.timestamp === 'number' ? message.timestamp : null) : undefined),
    serverPingReply: (message) => (serverPingType !== null && message.type === serverPingType ? frame(replyType, message.timestamp) : null),
  }
}
