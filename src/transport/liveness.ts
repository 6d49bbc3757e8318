import { Heartbeat } from './heartbeat'
import { HEARTBEAT_UNANSWERED_MESSAGE, PingSupport } from './pingSupport'
import type { WireProtocol } from './protocol'
import type { Clock, HeartbeatConfig, HeartbeatStatus } from './types'

export interface LivenessHooks {
  send(frame: string): void
  /** The open socket received a frame or stayed up: it works, apart from answering pings. */
  socketWorked(): boolean
  /** No answer in time: close the socket (4000) and reconnect. */
  dead(): void
  /** For the timeline: a liveness check, or the heartbeat given up. */
  event(from: string, to: string, reason: string): void
  /** The heartbeat stopped for this session; `message` says why and what to do. */
  gaveUp(message: string): void
}

/**
 * Dead-socket detection of one endpoint: the heartbeat (speaking the endpoint's protocol),
 * whether the server answers pings at all, and the checks asked for on wake.
 */
export class Liveness {
  private readonly heartbeat: Heartbeat | null
  private readonly support: PingSupport

  constructor(clock: Clock, config: HeartbeatConfig | null, protocol: WireProtocol, private readonly hooks: LivenessHooks) {
    this.support = new PingSupport(config !== null && protocol.ping(0) !== null)
    this.heartbeat = config && new Heartbeat(clock, config, {
      sendPing: (timestamp) => {
        const ping = protocol.ping(timestamp)
        if (ping !== null) hooks.send(ping)
      },
      onTimeout: () => this.timedOut(),
      onLate: (lateMs) => hooks.event('connected', 'liveness check', `a timer fired ${Math.round(lateMs / 1000)} s late (the machine slept?): liveness check`),
    })
  }

  get status(): HeartbeatStatus {
    return this.support.status
  }

  /** A socket opened: ping it, unless the heartbeat is off or given up. */
  opened(): void {
    if (this.support.status === 'on') this.heartbeat?.start()
  }

  stop(): void {
    this.heartbeat?.stop()
  }

  /** A new session (`disconnect()`): forget what we learnt about the server. */
  reset(): void {
    this.support.reset()
  }

  /** A pong arrived (even one chaos then drops): this server answers pings. */
  pongSeen(): void {
    this.support.pongSeen()
  }

  /** Any frame at all: the peer is alive. */
  frameReceived(): void {
    this.heartbeat?.frameReceived()
  }

  /** Ping now; silence for `timeout` closes. Nothing happens without a running heartbeat or while a ping awaits its answer. */
  check(reason: string): void {
    if (this.heartbeat?.check()) this.hooks.event('connected', 'liveness check', `${reason}: liveness check`)
  }

  private timedOut(): void {
    const gaveUp = this.support.timedOut(this.hooks.socketWorked())
    this.hooks.dead()
    if (!gaveUp) return
    this.hooks.event('heartbeat on', 'heartbeat unanswered', HEARTBEAT_UNANSWERED_MESSAGE)
    this.hooks.gaveUp(HEARTBEAT_UNANSWERED_MESSAGE)
  }
}
