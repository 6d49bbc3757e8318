/**
 * The clients `ingest` times on the same stream: raw `ws` (onmessage + JSON.parse), our pool alone,
 * and our pool → vanilla zustand + immer store (batch 'none' and 'microtask').
 * Each run connects, takes every frame until `{"type":"end"}`, and resolves with timings.
 */
import { WebSocket } from 'ws'
import { createStore } from 'zustand/vanilla'
import { immer } from 'zustand/middleware/immer'
import { createConnectionPool, type Message } from '../../src/transport'
import { z } from 'zod'
import { transport, validateData, type BatchMode, type ConnectionsSlice, type DataSchema } from '../../src/store'

export type IngestVariant = 'raw ws' | 'pool' | 'store batch none' | 'store batch microtask' | 'store microtask + zod schema'
export const INGEST_VARIANTS: readonly IngestVariant[] = ['raw ws', 'pool', 'store batch none', 'store batch microtask', 'store microtask + zod schema']

/** What a team would write for the queue feed: zod schemas of the two frame kinds the bench server sends. */
const PHASE = z.enum(['plan', 'build', 'test', 'review', 'document', 'ship'])
const STATUS = z.enum(['queued', 'running', 'completed', 'failed'])
const QUEUE_SCHEMAS = {
  small: z.object({ id: z.number(), value: z.number() }),
  snapshot: z.object({
    phases: z.array(z.object({ id: z.string(), issueNumber: z.number(), title: z.string(), phase: PHASE, status: STATUS, position: z.number(), enqueuedAt: z.number() })),
    paused: z.boolean(),
    updatedAt: z.number(),
  }),
}
const schemaFor = (url: string): DataSchema => (new URL(url).searchParams.get('kind') === 'snapshot' ? QUEUE_SCHEMAS.snapshot : QUEUE_SCHEMAS.small)

export interface IngestRun {
  frames: number
  /** First frame to the end frame being applied. */
  ms: number
  /** Process CPU (user + system) over the same span, µs. */
  cpuUs: number
  /** Store notifications from the first frame to the end frame (store variants). */
  notifications: number
  /** Microtask turns in which at least one message arrived (instrumented runs only). */
  turns: number
}

interface IngestState extends ConnectionsSlice {
  queue: unknown
  done: boolean
}

const RUN_TIMEOUT_MS = 60_000

/** Runs `start(finish)`; times from the first `tick()` to `finish()`. */
function timed(start: (tick: () => void, finish: () => void) => () => void): Promise<Omit<IngestRun, 'notifications' | 'turns'>> {
  return new Promise((resolve, reject) => {
    let frames = 0
    let t0 = 0
    let cpu0: NodeJS.CpuUsage = process.cpuUsage()
    let stop: () => void = () => {}
    const timer = setTimeout(() => { stop(); reject(new Error(`ingest run timed out after ${frames} frames`)) }, RUN_TIMEOUT_MS)
    const tick = (): void => {
      if (frames === 0) { t0 = performance.now(); cpu0 = process.cpuUsage() }
      frames++
    }
    let finished = false
    const finish = (): void => {
      if (finished) return
      finished = true
      const ms = performance.now() - t0
      const cpu = process.cpuUsage(cpu0)
      clearTimeout(timer)
      stop()
      resolve({ frames, ms, cpuUs: cpu.user + cpu.system })
    }
    stop = start(tick, finish)
  })
}

export async function runIngest(variant: IngestVariant, url: string, expected: number, instrument = false): Promise<IngestRun> {
  let notifications = 0
  let turns = 0
  let turnPending = false
  const countTurn = (): void => {
    if (turnPending) return
    turnPending = true
    queueMicrotask(() => { turns++; turnPending = false })
  }
  const result = await timed((tick, finish) => {
    if (variant === 'raw ws') {
      const ws = new WebSocket(url)
      let state: unknown = null
      ws.onmessage = (event) => {
        const message: Message = JSON.parse(String(event.data))
        if (message.type === 'end') return finish()
        tick()
        state = message.data
      }
      ws.onerror = () => {}
      return () => { if (state !== undefined) ws.close() }
    }
    if (variant === 'pool') {
      // Each client is a page of its own (not N pools sharing one page's schedule).
      const pool = createConnectionPool({ endpoints: [{ name: 'queue', url, priority: 1 }], WebSocket, lifecycle: null, sharedSchedule: false })
      let state: unknown = null
      pool.subscribe('queue', (message) => {
        if (message.type === 'end') return finish()
        tick()
        state = message.data
        if (instrument) countTurn()
      })
      void pool.connect()
      return () => { if (state !== undefined) pool.disconnect() }
    }
    const batch: BatchMode = variant === 'store batch none' ? 'none' : 'microtask'
    const schema = variant === 'store microtask + zod schema' ? schemaFor(url) : null
    const store = createStore<IngestState>()(transport(immer(() => ({ queue: null, done: false })), {
      endpoints: [{
        name: 'queue', url, priority: 1,
        reduce: (draft, message) => {
          if (message.type === 'queue_update') draft.queue = schema === null ? message.data : validateData(schema, message.data, 'queue_update')
          else if (message.type === 'end') draft.done = true
        },
      }],
      WebSocket, lifecycle: null, batch, sharedSchedule: false,
    }))
    // Only the first frame is needed (to start the clock), unless this run counts microtask turns.
    let streaming = false
    const unsubscribe = store.transport.subscribe('queue', (message) => {
      if (message.type === 'end') return
      streaming = true
      tick()
      if (instrument) countTurn()
      else unsubscribe()
    })
    // Only notifications while frames stream count (the connect/disconnect health transitions do not).
    store.subscribe((state) => {
      if (streaming) notifications++
      if (state.done) { streaming = false; finish() }
    })
    void store.transport.connect()
    return () => store.transport.disconnect()
  })
  return { ...result, frames: expected, notifications, turns }
}
