const WIDTH = 64
const HEIGHT = 16

/** A tiny line of the last RTT readings, scaled from 0 to the highest one. */
export function Sparkline({ points }: { points: readonly number[] }) {
  if (points.length < 2) return <svg className="zrdp-spark" width={WIDTH} height={HEIGHT} aria-hidden="true" />
  const max = Math.max(1, ...points)
  const step = WIDTH / (points.length - 1)
  const line = points.map((value, index) => `${(index * step).toFixed(1)},${(HEIGHT - 1 - (value / max) * (HEIGHT - 2)).toFixed(1)}`).join(' ')
  return (
    <svg className="zrdp-spark" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`RTT history, last ${points.length}: ${points.join(', ')} ms`}>
      <polyline points={line} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  )
}
