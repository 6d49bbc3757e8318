import type { RealtimeStore } from '../../store/types'
import { tabSharingOf } from '../../transport/tabs/registry'
import type { TabSharingState } from '../../transport/tabs/types'
import type { ChaosControls, ChaosState, EndpointHealth, Transition, TransportMetrics } from '../../transport/types'
import { activeChaosLabels, NO_CHAOS, sameChaos } from './chaosLabels'
import { createFrameLog } from './frameLog'
import { messageRates, rateSampleOf, type RateSample } from './rates'
import { appendBounded } from './ring'
import { sameSummary, summarize } from './summary'
import { exportTimelineJson } from './timeline'
import type { DevPanelModel, DevPanelModelOptions, DevPanelSnapshot, EndpointView, PanelSummary } from './types'

export const DEFAULT_TIMELINE_LIMIT = 200
export const DEFAULT_RTT_POINTS = 30
export const DEFAULT_SAMPLE_MS = 1000

type Connections = Readonly<Record<string, EndpointHealth>>
const NO_POINTS: readonly number[] = Object.freeze([])

/**
 * Everything the dev panel shows, framework-free: subscribes once to the store (health) and
 * once to the pool (transitions), samples metrics while asked to, and hands out immutable
 * snapshots for `useSyncExternalStore`. Rows whose inputs did not change keep their object.
 */
export function createDevPanelModel(store: RealtimeStore, options: DevPanelModelOptions = {}): DevPanelModel {
  const pool = store.transport
  const timelineLimit = options.timelineLimit ?? DEFAULT_TIMELINE_LIMIT
  const rttPoints = options.rttPoints ?? DEFAULT_RTT_POINTS
  const sampleMs = options.sampleMs ?? DEFAULT_SAMPLE_MS
  const now = options.now ?? (() => Date.now())

  const listeners = new Set<() => void>()
  const rtt = new Map<string, readonly number[]>()
  const views = new Map<string, EndpointView>()
  let connections: Connections = store.getState().connections
  let transitions: readonly Transition[] = []
  let metrics: TransportMetrics | null = null
  let rates: Readonly<Record<string, number | null>> = {}
  let lastSample: RateSample | null = null
  let sampleTimer: ReturnType<typeof setInterval> | null = null
  let samplers = 0
  let clockAt = now()
  let summary: PanelSummary | null = null
  let snapshot: DevPanelSnapshot | null = null
  let disposed = false
  const tabSharing = tabSharingOf(pool)
  let sharing: TabSharingState | null = tabSharing?.state() ?? null
  const frames = createFrameLog(pool)

  const changed = (): void => {
    if (disposed) return
    snapshot = null
    clockAt = now()
    for (const listener of [...listeners]) listener()
  }

  const recordRtt = (next: Connections, previous: Connections | null): void => {
    for (const [name, health] of Object.entries(next)) {
      const before = previous?.[name]
      if (health === before || health.latencyMs === null || health.latencyMs === before?.latencyMs) continue
      rtt.set(name, appendBounded(rtt.get(name) ?? NO_POINTS, health.latencyMs, rttPoints))
    }
  }
  recordRtt(connections, null)

  const names = (): readonly string[] => pool.endpoints.filter((name) => connections[name] !== undefined)

  const viewOf = (name: string, health: EndpointHealth, chaos: ChaosState): EndpointView => {
    const previous = views.get(name)
    const points = rtt.get(name) ?? NO_POINTS
    const messagesPerSecond = rates[name] ?? null
    const foreignFrames = metrics?.endpoints[name]?.foreignFrames ?? 0
    if (
      previous && previous.health === health && previous.rtt === points && previous.messagesPerSecond === messagesPerSecond &&
      previous.foreignFrames === foreignFrames && sameChaos(previous.chaos, chaos)
    ) {
      return previous
    }
    const view: EndpointView = { name, health, chaos, activeChaos: activeChaosLabels(chaos), rtt: points, messagesPerSecond, foreignFrames }
    views.set(name, view)
    return view
  }

  const build = (): DevPanelSnapshot => {
    const chaos = pool.chaos.state()
    const endpoints = names().map((name) => viewOf(name, connections[name] as EndpointHealth, chaos.endpoints[name] ?? NO_CHAOS))
    const next = summarize(endpoints, chaos.offline)
    if (summary === null || !sameSummary(summary, next)) summary = next
    return { now: clockAt, sampling: sampleTimer !== null, endpoints, summary, transitions, metrics, offline: chaos.offline, sharing }
  }

  const sample = (): void => {
    metrics = pool.metrics()
    const current = rateSampleOf(metrics, now())
    rates = messageRates(lastSample, current)
    lastSample = current
    changed()
  }

  const stopSampling = (): void => {
    if (sampleTimer !== null) clearInterval(sampleTimer)
    sampleTimer = null
    lastSample = null
    rates = {}
  }

  const unsubscribeStore = store.subscribe((state) => {
    if (state.connections === connections) return
    recordRtt(state.connections, connections)
    connections = state.connections
    changed()
  })
  const unsubscribeTransitions = pool.onTransition((transition) => {
    transitions = appendBounded(transitions, transition, timelineLimit)
    changed()
  })

  const unsubscribeSharing = tabSharing?.subscribe((next) => {
    sharing = next
    changed()
  }) ?? null

  const refreshing = <A extends unknown[]>(action: (...args: A) => void) => (...args: A): void => {
    action(...args)
    changed()
  }
  const chaos: ChaosControls = {
    kill: refreshing((name: string, code?: number) => pool.chaos.kill(name, code)),
    tripCircuit: refreshing((name: string) => pool.chaos.tripCircuit(name)),
    resetCircuit: refreshing((name: string) => pool.chaos.resetCircuit(name)),
    dropPongs: refreshing((name: string, on: boolean) => pool.chaos.dropPongs(name, on)),
    latency: refreshing((name: string, ms: number) => pool.chaos.latency(name, ms)),
    blockConnects: refreshing((name: string, on: boolean) => pool.chaos.blockConnects(name, on)),
    offline: refreshing((on: boolean) => pool.chaos.offline(on)),
    clear: refreshing(() => pool.chaos.clear()),
    state: () => pool.chaos.state(),
  }

  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    getSnapshot: () => (snapshot ??= build()),
    startSampling() {
      if (disposed) return () => {}
      samplers += 1
      if (sampleTimer === null) {
        sampleTimer = setInterval(sample, sampleMs)
        sample()
      }
      let stopped = false
      return () => {
        if (stopped) return
        stopped = true
        samplers -= 1
        if (samplers > 0 || sampleTimer === null) return
        stopSampling()
        changed()
      }
    },
    chaos,
    frames,
    exportTimeline: (endpoint) => exportTimelineJson(transitions, endpoint, now()),
    dispose() {
      if (disposed) return
      disposed = true
      samplers = 0
      unsubscribeStore()
      unsubscribeTransitions()
      unsubscribeSharing?.()
      frames.dispose()
      stopSampling()
      listeners.clear()
    },
  }
}
