import { parseFrame } from './frames'
import type { WireProtocol } from './protocol'
import type { Message } from './types'

/** What a socket frame is, decided before the connection acts on it. `size` is its UTF-16 length (0 for binary). */
export type InboundFrame =
  /** Binary, oversize or unparseable: dropped for `error`; `text` is what the frame inspector shows of it. */
  | { kind: 'unreadable'; size: number; error: string; text: string }
  /** The answer to our ping; `sentAt` is its timestamp, null when it carries none. */
  | { kind: 'pong'; size: number; message: Message; sentAt: number | null }
  /** The server pings us: `reply` goes back, nothing is delivered. */
  | { kind: 'server-ping'; size: number; message: Message; reply: string }
  /** An app message, for the subscribers. */
  | { kind: 'message'; size: number; message: Message }

/** Parses a socket frame with the endpoint's protocol and tells a pong, a server ping and an app message apart. */
export function classifyFrame(data: unknown, maxBytes: number, protocol: WireProtocol): InboundFrame {
  const frame = parseFrame(data, maxBytes, protocol)
  if (!frame.ok) return { kind: 'unreadable', size: frame.size, error: frame.error, text: typeof data === 'string' ? data : '(binary frame)' }
  const { message, size } = frame
  const sentAt = protocol.pongTimestamp(message)
  if (sentAt !== undefined) return { kind: 'pong', size, message, sentAt }
  const reply = protocol.serverPingReply(message)
  return reply === null ? { kind: 'message', size, message } : { kind: 'server-ping', size, message, reply }
}
