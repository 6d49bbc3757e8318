/** What a close code means for reconnecting (SPEC §3, §5). */
export type ClosePolicy =
  | { kind: 'retry' }
  | { kind: 'retry-after'; delayMs: number }
  | { kind: 'fatal' }

const FATAL_CODES: Record<number, string> = {
  1008: 'policy violation',
  4401: 'unauthorized',
  4403: 'forbidden',
}

export const CLOSE_NORMAL = 1000
export const CLOSE_TRY_AGAIN_LATER = 1013
export const CLOSE_UNAUTHORIZED = 4401

export function closePolicy(code: number, reason: string): ClosePolicy {
  if (code in FATAL_CODES) return { kind: 'fatal' }
  if (code === CLOSE_TRY_AGAIN_LATER) {
    const retryAfterMs = retryAfterFrom(reason)
    return retryAfterMs === null ? { kind: 'retry' } : { kind: 'retry-after', delayMs: retryAfterMs }
  }
  return { kind: 'retry' }
}

/** `{"retryAfterMs": 2000}` in a close reason, else null. */
function retryAfterFrom(reason: string): number | null {
  try {
    const parsed: unknown = JSON.parse(reason)
    if (typeof parsed === 'object' && parsed !== null && 'retryAfterMs' in parsed) {
      const value = parsed.retryAfterMs
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
    }
  } catch {
    // not JSON: no hint
  }
  return null
}

export function describeClose(code: number, reason: string): string {
  const meaning = FATAL_CODES[code]
  const detail = reason || meaning
  const base = `closed ${code}${detail ? `: ${detail}` : ''}`
  return meaning ? `${base} — not retried; fix the credentials or policy and reconnect` : base
}
