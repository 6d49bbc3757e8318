import type { ChaosState } from '../../transport/types'

/** What is switched on, in words, so nobody forgets a fault is injected. */
export const activeChaosLabels = (state: ChaosState): readonly string[] => {
  const labels: string[] = []
  if (state.tripped) labels.push('circuit tripped')
  if (state.dropPongs) labels.push('dropping pongs')
  if (state.blockConnects) labels.push('connects blocked')
  if (state.latencyMs > 0) labels.push(`+${state.latencyMs} ms latency`)
  return labels
}

export const NO_CHAOS: ChaosState = Object.freeze({ dropPongs: false, latencyMs: 0, blockConnects: false, tripped: false })

export const sameChaos = (a: ChaosState, b: ChaosState): boolean =>
  a.dropPongs === b.dropPongs && a.latencyMs === b.latencyMs && a.blockConnects === b.blockConnects && a.tripped === b.tripped
