import type { Message } from './types'

export type ParsedFrame =
  | { ok: true; message: Message; size: number }
  | { ok: false; error: string; size: number }

/** Text frame → Message. Non-text, oversize, non-JSON or type-less frames are rejected with a reason. */
export function parseFrame(data: unknown, maxBytes: number): ParsedFrame {
  if (typeof data !== 'string') return { ok: false, error: 'dropped a binary frame (only JSON text frames are understood)', size: 0 }
  const size = data.length
  if (size > maxBytes) return { ok: false, error: `dropped a ${size}-byte frame (limit ${maxBytes})`, size }
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    return { ok: false, error: `dropped a frame that is not JSON: ${preview(data)}`, size }
  }
  if (!isMessage(parsed)) return { ok: false, error: `dropped a frame without a string "type": ${preview(data)}`, size }
  return { ok: true, message: parsed, size }
}

export const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === 'string'

const preview = (text: string): string => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)
