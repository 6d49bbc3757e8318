import type { ChaosControls, EndpointHealth, Message, Transition, TransportMetrics } from '../types'

/** Bumped when the messages below change: tabs running another version ignore each other. */
export const TAB_PROTOCOL = 'zustand-realtime/tabs@1'

export type ChaosSnapshot = ReturnType<ChaosControls['state']>

/** One chaos call, relayed from any tab to the leader's pool. */
export type ChaosCommand =
  | { action: 'kill'; name: string; code?: number }
  | { action: 'tripCircuit' | 'resetCircuit'; name: string }
  | { action: 'dropPongs' | 'blockConnects'; name: string; on: boolean }
  | { action: 'latency'; name: string; ms: number }
  | { action: 'offline'; on: boolean }
  | { action: 'clear' }

export interface ReplayEntry {
  name: string
  message: Message
}

/**
 * What tabs say to each other. `from` is the sender's tab id; `to` addresses one tab.
 * Followers act on relays (`message`, `health`, `transition`, `metrics`, `tabs`) only from
 * the leader they know, so a deposed leader's late frames are never applied twice.
 */
export type TabMessage =
  /** A tab started following and asks the leader for a state dump (`replay`: with the last messages too). */
  | { kind: 'hello'; from: string; visible: boolean; replay: boolean }
  | { kind: 'presence'; from: string; visible: boolean }
  /** The leader asks every tab to say `presence` (it noticed fewer lock requests than tabs it knows). */
  | { kind: 'roll-call'; from: string }
  | { kind: 'bye'; from: string; leader: boolean }
  /** The sender led until another tab stole the lock: its followers ask again who leads. */
  | { kind: 'resign'; from: string }
  /** The sender holds the lock now and starts its sockets. */
  | { kind: 'leader'; from: string; visible: boolean }
  /** The leader's answer to `hello`: current health, the last message of each endpoint and type, chaos, metrics. */
  | {
      kind: 'state'; from: string; to: string; visible: boolean; tabs: number
      health: Record<string, EndpointHealth>; replay: ReplayEntry[]; chaos: ChaosSnapshot; metrics: TransportMetrics
    }
  | { kind: 'message'; from: string; name: string; message: Message }
  | { kind: 'health'; from: string; name: string; health: EndpointHealth }
  /** `chaos`: the chaos state after the call that caused this transition. */
  | { kind: 'transition'; from: string; transition: Transition; chaos?: ChaosSnapshot }
  | { kind: 'metrics-request'; from: string }
  | { kind: 'metrics'; from: string; metrics: TransportMetrics }
  | { kind: 'tabs'; from: string; count: number }
  /** A follower's `send()` / chaos call; kept (and sent again to a new leader) until the leader acks its `id`. */
  | { kind: 'send'; from: string; to: string; id: number; name: string; message: unknown }
  | { kind: 'chaos'; from: string; to: string; id: number; command: ChaosCommand }
  | { kind: 'ack'; from: string; to: string; id: number }

/** One channel message: what the sender posted in one task, in order. */
export interface Envelope {
  protocol: typeof TAB_PROTOCOL
  bodies: TabMessage[]
}

const KINDS: ReadonlySet<string> = new Set<TabMessage['kind']>([
  'hello', 'presence', 'roll-call', 'bye', 'resign', 'leader', 'ack', 'state', 'message', 'health', 'transition',
  'metrics-request', 'metrics', 'tabs', 'send', 'chaos',
])

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

const isTabMessage = (body: unknown): body is TabMessage =>
  // Same origin, same library version (the protocol tag): the structured clone carries what the sender built.
  isRecord(body) && typeof body.kind === 'string' && KINDS.has(body.kind) && typeof body.from === 'string'

/** The messages of an envelope of this protocol version with a known kind and a sender; [] for anything else. */
export const openEnvelope = (data: unknown): TabMessage[] => {
  if (!isRecord(data) || data.protocol !== TAB_PROTOCOL || !Array.isArray(data.bodies)) return []
  return data.bodies.filter(isTabMessage)
}

export const envelope = (bodies: TabMessage[]): Envelope => ({ protocol: TAB_PROTOCOL, bodies })

/** Runs one relayed chaos call on the leader's controls. */
export const applyChaos = (controls: ChaosControls, command: ChaosCommand): void => {
  switch (command.action) {
    case 'kill': return controls.kill(command.name, command.code)
    case 'tripCircuit': return controls.tripCircuit(command.name)
    case 'resetCircuit': return controls.resetCircuit(command.name)
    case 'dropPongs': return controls.dropPongs(command.name, command.on)
    case 'blockConnects': return controls.blockConnects(command.name, command.on)
    case 'latency': return controls.latency(command.name, command.ms)
    case 'offline': return controls.offline(command.on)
    case 'clear': return controls.clear()
  }
}

/** Chaos controls that turn each call into a command for `run` (the leader's pool, here or in another tab). */
export const chaosControls = (target: { run(command: ChaosCommand): void; state(): ChaosSnapshot }): ChaosControls => ({
  kill: (name, code) => target.run(code === undefined ? { action: 'kill', name } : { action: 'kill', name, code }),
  tripCircuit: (name) => target.run({ action: 'tripCircuit', name }),
  resetCircuit: (name) => target.run({ action: 'resetCircuit', name }),
  dropPongs: (name, on) => target.run({ action: 'dropPongs', name, on }),
  blockConnects: (name, on) => target.run({ action: 'blockConnects', name, on }),
  latency(name, ms) {
    // Checked here too, so a follower's caller gets the error, not the leader's console.
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`zustand-realtime: chaos.latency needs a delay ≥ 0 ms, got ${ms}`)
    target.run({ action: 'latency', name, ms })
  },
  offline: (on) => target.run({ action: 'offline', on }),
  clear: () => target.run({ action: 'clear' }),
  state: () => target.state(),
})
