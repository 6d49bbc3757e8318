import { WebSocket } from 'ws'
import type { FetchLike, WebSocketConstructor } from '../src/transport/types'

/** Whether the server was meant to accept connections when an attempt started. */
export type Phase = 'normal' | 'outage'

export interface AttemptCounts {
  started: number
  /** Got its first frame, or stayed open for 1 s. */
  succeeded: number
  /** Closed or failed before that (refused, 1013, reset…). */
  failed: number
  /** Closed by the client before that (offline, disconnect, chaos kill). */
  cancelled: number
}

const STAYED_UP_MS = 1000
const emptyCounts = (): AttemptCounts => ({ started: 0, succeeded: 0, failed: 0, cancelled: 0 })

/**
 * Every socket the Node clients open, classified by the phase it started in and how it ended, and
 * every poll they send. Counters only (no per-attempt log), so the soak's own bookkeeping does not grow the heap.
 */
export class AttemptLedger {
  phase: Phase = 'normal'
  readonly byPhase: Record<Phase, AttemptCounts> = { normal: emptyCounts(), outage: emptyCounts() }
  /** Polls sent (the polling fallback), by the phase they started in. */
  readonly pollsByPhase: Record<Phase, number> = { normal: 0, outage: 0 }
  /** Requests (socket attempts + polls) per client since `resetWindow()`. */
  private window: number[]

  constructor(clients: number) {
    this.window = new Array<number>(clients).fill(0)
  }

  resetWindow(): void {
    this.window = this.window.map(() => 0)
  }

  windowCounts(): readonly number[] {
    return this.window
  }

  /** `fetch` for client `index`: every poll counts, whether or not the server answers it. */
  fetchFor(index: number): FetchLike {
    return (url, init) => {
      this.pollsByPhase[this.phase] += 1
      this.window[index] = (this.window[index] ?? 0) + 1
      return globalThis.fetch(url, init)
    }
  }

  /** A `ws` WebSocket class for client `index` that reports to this ledger. */
  webSocketFor(index: number): WebSocketConstructor {
    const ledger = this
    return class RecordedWebSocket extends WebSocket {
      private settle: (outcome: 'succeeded' | 'failed' | 'cancelled') => void

      constructor(url: string) {
        super(url)
        const counts = ledger.byPhase[ledger.phase]
        counts.started += 1
        ledger.window[index] = (ledger.window[index] ?? 0) + 1
        let settled = false
        let timer: ReturnType<typeof setTimeout> | null = null
        this.settle = (outcome) => {
          if (timer !== null) clearTimeout(timer)
          timer = null
          if (settled) return
          settled = true
          counts[outcome] += 1
        }
        this.once('message', () => this.settle('succeeded'))
        this.once('open', () => { timer = setTimeout(() => this.settle('succeeded'), STAYED_UP_MS) })
        this.once('close', () => this.settle('failed'))
      }

      override close(code?: number, reason?: string): void {
        // ws calls close() itself to answer a server's close frame: that one is the server's doing.
        if (Reflect.get(this, '_closeFrameReceived') !== true) this.settle('cancelled')
        super.close(code, reason)
      }
    }
  }
}
