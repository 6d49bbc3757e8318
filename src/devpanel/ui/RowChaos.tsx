import { useState } from 'react'
import type { ChaosControls, ChaosState } from '../../transport/types'

export const LATENCY_CHOICES_MS = [100, 250, 500, 1000, 2000, 5000] as const
const DEFAULT_LATENCY_MS = 500

/** One endpoint's fault injection; toggles show their state with aria-pressed. */
export function RowChaos({ name, chaos, controls }: { name: string; chaos: ChaosState; controls: ChaosControls }) {
  const [latencyMs, setLatencyMs] = useState<number>(chaos.latencyMs > 0 ? chaos.latencyMs : DEFAULT_LATENCY_MS)
  const latencyOn = chaos.latencyMs > 0
  const pickLatency = (ms: number) => {
    setLatencyMs(ms)
    if (latencyOn) controls.latency(name, ms)
  }
  return (
    <div className="zrdp-chaos" role="group" aria-label={`Chaos for ${name}`}>
      <span className="zrdp-chaos-line">
        <button type="button" className="zrdp-btn zrdp-btn-danger" onClick={() => controls.kill(name)}>Kill</button>
        <button type="button" className="zrdp-btn zrdp-btn-danger" onClick={() => controls.tripCircuit(name)}>Trip circuit</button>
        <button type="button" className="zrdp-btn" onClick={() => controls.resetCircuit(name)}>Reset circuit</button>
      </span>
      <span className="zrdp-chaos-line">
        <button type="button" className="zrdp-btn" aria-pressed={chaos.dropPongs} onClick={() => controls.dropPongs(name, !chaos.dropPongs)}>Drop pongs</button>
        <button type="button" className="zrdp-btn" aria-pressed={chaos.blockConnects} onClick={() => controls.blockConnects(name, !chaos.blockConnects)}>Block connects</button>
        <select className="zrdp-select zrdp-num" aria-label="Latency ms" value={latencyMs} onChange={(event) => pickLatency(Number(event.target.value))}>
          {LATENCY_CHOICES_MS.map((ms) => <option key={ms} value={ms}>{ms} ms</option>)}
        </select>
        <button type="button" className="zrdp-btn" aria-pressed={latencyOn} onClick={() => controls.latency(name, latencyOn ? 0 : latencyMs)}>Add latency</button>
      </span>
    </div>
  )
}
