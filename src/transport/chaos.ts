import type { EndpointConnection } from './connection'
import type { ChaosControls, ChaosState } from './types'

export interface ChaosTarget {
  connection(name: string): EndpointConnection
  chaosOf(name: string): ChaosState
  all(): ReadonlyMap<string, ChaosState>
  setOffline(on: boolean): void
  isOffline(): boolean
  /** Record the action in the transition timeline. */
  announce(name: string, reason: string): void
}

/** Fault injection for QA and the dev panel: every toggle is per endpoint and reversible. */
export function createChaosControls(target: ChaosTarget): ChaosControls {
  const toggle = (name: string, key: 'dropPongs' | 'blockConnects', on: boolean, label: string) => {
    target.chaosOf(name)[key] = on
    target.announce(name, `chaos: ${label} ${on ? 'on' : 'off'}`)
  }
  const controls: ChaosControls = {
    kill(name, code = 1006) {
      const connection = target.connection(name)
      target.announce(name, `chaos: kill (${code})`)
      connection.kill(code)
    },
    tripCircuit(name) {
      const connection = target.connection(name)
      target.announce(name, 'chaos: trip circuit')
      connection.trip()
    },
    resetCircuit(name) {
      const connection = target.connection(name)
      target.announce(name, 'chaos: reset circuit')
      connection.reset()
    },
    dropPongs: (name, on) => toggle(name, 'dropPongs', on, 'drop pongs'),
    blockConnects: (name, on) => toggle(name, 'blockConnects', on, 'block connects'),
    latency(name, ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`zustand-realtime: chaos.latency needs a delay ≥ 0 ms, got ${ms}`)
      target.chaosOf(name).latencyMs = ms
      target.announce(name, ms > 0 ? `chaos: latency ${ms} ms` : 'chaos: latency off')
    },
    offline: (on) => target.setOffline(on),
    clear() {
      for (const [name, state] of target.all()) {
        if (state.dropPongs) controls.dropPongs(name, false)
        if (state.blockConnects) controls.blockConnects(name, false)
        if (state.latencyMs > 0) controls.latency(name, 0)
        if (state.tripped) controls.resetCircuit(name)
      }
      target.setOffline(false)
    },
    state: () => ({
      offline: target.isOffline(),
      endpoints: Object.fromEntries([...target.all()].map(([name, state]) => [name, { ...state }])),
    }),
  }
  return controls
}
