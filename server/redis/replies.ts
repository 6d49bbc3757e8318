import type { StoredFrame } from './topicRelay'
import { seqOfFrame } from './keys'

/** Redis replies arrive untyped (eval, sendCommand); these read them or say what was wrong. */
export const replyText = (reply: unknown, what: string): string => {
  if (typeof reply === 'string') return reply
  if (Buffer.isBuffer(reply)) return reply.toString()
  throw new Error(`unexpected Redis reply for ${what}: ${JSON.stringify(reply)}`)
}

export const replyNumber = (reply: unknown, what: string): number => {
  if (typeof reply === 'number') return reply
  const value = Number(replyText(reply, what))
  if (!Number.isFinite(value)) throw new Error(`unexpected Redis reply for ${what}: ${JSON.stringify(reply)}`)
  return value
}

export const frameFromText = (text: string, what: string): StoredFrame => {
  const seq = seqOfFrame(text)
  if (seq === null) throw new Error(`${what}: a stored frame without seq`)
  return { seq, text }
}

/** XRANGE reply: `[[id, [field, value, …]], …]`; we store one field, `frame`. */
export const framesOfRange = (reply: unknown, what: string): StoredFrame[] => {
  if (!Array.isArray(reply)) throw new Error(`unexpected XRANGE reply for ${what}`)
  return reply.map((entry: unknown) => {
    if (!Array.isArray(entry) || !Array.isArray(entry[1])) throw new Error(`unexpected XRANGE entry for ${what}`)
    const fields: unknown[] = entry[1]
    const index = fields.findIndex((field) => replyText(field, what) === 'frame')
    if (index < 0) throw new Error(`an XRANGE entry of ${what} has no frame`)
    return frameFromText(replyText(fields[index + 1], what), what)
  })
}
