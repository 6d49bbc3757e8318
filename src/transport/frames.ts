import { defaultProtocol, isMessage, type WireProtocol } from './protocol'
import type { Message } from './types'

export type ParsedFrame =
  | { ok: true; message: Message; size: number }
  | { ok: false; error: string; size: number }

/** Text frame → Message through the endpoint's protocol. Binary, oversize or unparseable frames are rejected with a reason. */
export function parseFrame(data: unknown, maxBytes: number, protocol: WireProtocol = defaultProtocol): ParsedFrame {
  if (typeof data !== 'string') return { ok: false, error: 'dropped a binary frame (only JSON text frames are understood)', size: 0 }
  const size = data.length
  if (size > maxBytes) return { ok: false, error: `dropped a ${size}-byte frame (limit ${maxBytes})`, size }
  try {
    const message = protocol.parse(data)
    // The default protocol checks the shape itself (the hot path); a user's parse() is checked here.
    if (protocol !== defaultProtocol && !isMessage(message)) return { ok: false, error: 'dropped a frame: the protocol\'s parse() must return an object with a string "type"', size }
    return { ok: true, message, size }
  } catch (error) {
    return { ok: false, error: `dropped a frame: ${error instanceof Error ? error.message : String(error)}`, size }
  }
}
