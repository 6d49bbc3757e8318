/** Small, dependency-free formatters for the dashboard. */

/** "just now", "2 s ago", "3 min ago", "1 h ago"; "never" for null. */
export const ago = (at: number | null, now: number): string => {
  if (at === null) return 'never'
  const seconds = Math.max(0, Math.round((now - at) / 1000))
  if (seconds < 1) return 'just now'
  if (seconds < 60) return `${seconds} s ago`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  return `${Math.round(minutes / 60)} h ago`
}

/** "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h". */
export const duration = (totalSeconds: number): string => {
  const s = Math.max(0, Math.round(totalSeconds))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`
  const h = Math.floor(m / 60)
  if (h < 24) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`
  return `${Math.floor(h / 24)} d ${h % 24} h`
}

/** 0.934 → "93.4 %"; whole numbers lose the decimal: 1 → "100 %". */
export const percent = (ratio: number): string => {
  const value = Math.round(ratio * 1000) / 10
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)} %`
}

export const usd = (amount: number): string => `$${amount.toFixed(2)}`

/** Round-trip time: "12 ms", "—" when unknown. */
export const rtt = (ms: number | null): string => (ms === null ? '—' : `${Math.round(ms)} ms`)

export const titleCase = (text: string): string =>
  text.replaceAll(/[_-]/g, ' ').replace(/^\w/, (first) => first.toUpperCase())
