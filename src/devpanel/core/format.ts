/** "now", "850 ms", "42 s", "2 min 05 s" until `at`. */
export const formatCountdown = (at: number, now: number): string => {
  const ms = at - now
  if (ms <= 0) return 'now'
  if (ms < 1000) return `${Math.ceil(ms / 10) * 10} ms`
  const seconds = Math.ceil(ms / 1000)
  if (seconds <= 60) return `${seconds} s`
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`
}

export const formatMs = (ms: number | null): string => (ms === null ? '—' : `${Math.round(ms)} ms`)

export const formatPercent = (ratio: number | null): string => (ratio === null ? '—' : `${(ratio * 100).toFixed(ratio >= 0.9995 || ratio === 0 ? 0 : 1)}%`)

export const formatRate = (perSecond: number | null): string =>
  perSecond === null ? '—' : perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toFixed(1)

export const formatCount = (count: number): string =>
  count >= 1_000_000 ? `${(count / 1_000_000).toFixed(1)}M` : count >= 10_000 ? `${(count / 1000).toFixed(1)}k` : String(count)

/** 14:03:07.412 in local time. */
export const formatClock = (at: number): string => {
  const date = new Date(at)
  const pad = (value: number, width = 2) => String(value).padStart(width, '0')
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
}
