/**
 * The page `bench/render.ts` loads in Chromium: 8 feeds, 50 widgets each selecting a slice of one feed:
 * the first `hot` widgets show the whole feed (changes on every update), the others its `status`
 * (changes once a second), as dashboards mix hot and slow widgets.
 * `?mode=ours`: zustand + immer + our `transport` middleware (frame batching, the browser default),
 * widgets use `useStore(store, s => s[feed])`. `?mode=ours-devpanel`: the same plus the dev panel, open.
 * `?mode=naive`: one React context holding every feed, `setState` per message (the old dashboard).
 * Counters live on `window.__bench` for the harness to read.
 */
import { createContext, memo, useContext, useEffect, useLayoutEffect, useState, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { create, useStore } from 'zustand'
import { immer } from 'zustand/middleware/immer'
import { transport, type ConnectionsSlice } from '../../src/store'
import { TransportDevPanel } from '../../src/devpanel'

/** `publishedAt` is the envelope's, copied in by the reducer so a widget knows the age of what it shows. */
export interface FeedData { seq: number; value: number; publishedAt: number; status: number; items: number[] }
export interface BenchSnapshot {
  elapsedMs: number; commits: number[]; messages: number; frames: number; longTaskMs: number
  /** Per hot-widget commit: ms from the frame's `publishedAt` to the commit. */
  lags: number[]
  /** Per message: ms from `publishedAt` to applied to the page's state (ours: the reducer; naive: the setState call). */
  appliedAges: number[]
  /** Per hot-widget commit: ms from `publishedAt` to the end of the browser frame that painted it. */
  screenAges: number[]
}
/** What the bench server sends: the reference server's envelope, `publishedAt` stamped when sent. */
export interface FeedFrame { type: 'feed_update'; publishedAt: number; data: Omit<FeedData, 'publishedAt'> }
export interface BenchApi { ready(): boolean; reset(): void; snapshot(): BenchSnapshot }
declare global { interface Window { __bench?: BenchApi } }

const params = new URLSearchParams(location.search)
const mode = params.get('mode') ?? 'ours'
const wsBase = params.get('ws') ?? `ws://${location.host}`
const WIDGETS = Number(params.get('widgets') ?? 50)
const HOT = Number(params.get('hot') ?? 16)
const FEEDS = Array.from({ length: 8 }, (_, k) => `feed${k}`)

// ── counters ────────────────────────────────────────────────────────────────
const SAMPLES = 20_000
const counters = { t0: performance.now(), commits: new Array<number>(WIDGETS).fill(0), messages: 0, frames: 0, longTaskMs: 0, lags: [] as number[], appliedAges: [] as number[], screenAges: [] as number[], open: 0 }
const sample = (into: number[], value: number): void => { if (into.length < SAMPLES) into.push(value) }
const reset = (): void => {
  counters.t0 = performance.now()
  counters.commits.fill(0)
  counters.messages = 0
  counters.frames = 0
  counters.longTaskMs = 0
  counters.lags = []
  counters.appliedAges = []
  counters.screenAges = []
  awaitingPaint.length = 0
}

// ── "on screen": the end of the browser frame that paints a commit ────────────
// This loop's callback is the first of every frame (it re-registers from inside the previous one, before
// anything else asks). The message it posts runs as the first task after that frame's rendering steps
// (style, layout, paint), so it resolves every commit made before it: those made in this frame's
// animation-frame callbacks (ours flushes there) and those made in tasks since the last frame (naive).
const awaitingPaint: number[] = []
const paintDone = new MessageChannel()
paintDone.port1.onmessage = () => {
  const now = Date.now()
  for (const publishedAt of awaitingPaint) sample(counters.screenAges, now - publishedAt)
  awaitingPaint.length = 0
}
const onFrame = (): void => {
  counters.frames++
  requestAnimationFrame(onFrame)
  paintDone.port2.postMessage(null)
}
requestAnimationFrame(onFrame)
try {
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) counters.longTaskMs += entry.duration }).observe({ type: 'longtask', buffered: false })
} catch { /* longtask timing unsupported */ }
window.__bench = {
  ready: () => counters.open === FEEDS.length,
  reset,
  snapshot: () => ({ elapsedMs: performance.now() - counters.t0, commits: [...counters.commits], messages: counters.messages, frames: counters.frames, longTaskMs: counters.longTaskMs, lags: [...counters.lags], appliedAges: [...counters.appliedAges], screenAges: [...counters.screenAges] }),
}

/** A hot widget: a few derived rows of its feed. Counts its commits and the data's age at commit and on screen. */
function Widget({ index, data }: { index: number; data: FeedData | null }) {
  useLayoutEffect(() => {
    counters.commits[index] = (counters.commits[index] ?? 0) + 1
    if (data === null) return
    sample(counters.lags, Date.now() - data.publishedAt)
    awaitingPaint.push(data.publishedAt)
  })
  if (data === null) return <section className="w">feed{index % 8}: waiting</section>
  return (
    <section className="w">
      <h3>feed{index % 8} #{data.seq}</h3>
      <ul>{data.items.map((item, i) => <li key={i}>{(item * data.value).toFixed(2)}</li>)}</ul>
    </section>
  )
}

/** A slow widget: only the feed's status (changes once a second), same amount of markup. */
function StatusWidget({ index, status }: { index: number; status: number | null }) {
  useLayoutEffect(() => { counters.commits[index] = (counters.commits[index] ?? 0) + 1 })
  return (
    <section className="w">
      <h3>feed{index % 8} status</h3>
      <ul>{[1, 2, 3, 4, 5, 6, 7, 8].map((i) => <li key={i}>{status === null ? '…' : (status * i).toFixed(2)}</li>)}</ul>
    </section>
  )
}

// ── ours ────────────────────────────────────────────────────────────────────
type OursState = ConnectionsSlice & Record<string, FeedData | null | ConnectionsSlice['connections']>
const useRealtime = create<OursState>()(transport(immer(() => Object.fromEntries(FEEDS.map((f) => [f, null]))), {
  endpoints: FEEDS.map((name) => ({
    name, url: `${wsBase}/feed/${name}`, priority: 2 as const,
    reduce: (draft: OursState, message) => {
      if (message.type !== 'feed_update') return
      const publishedAt = Number(message.publishedAt)
      sample(counters.appliedAges, Date.now() - publishedAt)
      draft[name] = { ...(message.data as Omit<FeedData, 'publishedAt'>), publishedAt }
    },
  })),
}))

const isFeedData = (value: unknown): value is FeedData => typeof value === 'object' && value !== null && 'seq' in value

const OursWidget = memo(function OursWidget({ index }: { index: number }) {
  const feed = FEEDS[index % 8] ?? 'feed0'
  const data = useStore(useRealtime, (state) => state[feed])
  return <Widget index={index} data={isFeedData(data) ? data : null} />
})

const OursStatusWidget = memo(function OursStatusWidget({ index }: { index: number }) {
  const feed = FEEDS[index % 8] ?? 'feed0'
  const status = useStore(useRealtime, (state) => { const data = state[feed]; return isFeedData(data) ? data.status : null })
  return <StatusWidget index={index} status={status} />
})

function OursApp({ devpanel }: { devpanel: boolean }) {
  useEffect(() => {
    const offs = FEEDS.map((name) => useRealtime.transport.subscribe(name, () => { counters.messages++ }))
    const offHealth = useRealtime.transport.onHealth(() => { counters.open = FEEDS.filter((n) => useRealtime.transport.health(n).status === 'connected').length })
    void useRealtime.transport.connect()
    return () => { offs.forEach((off) => off()); offHealth(); useRealtime.transport.disconnect() }
  }, [])
  return (
    <>
      {Array.from({ length: WIDGETS }, (_, i) => (i < HOT ? <OursWidget key={i} index={i} /> : <OursStatusWidget key={i} index={i} />))}
      {devpanel ? <TransportDevPanel store={useRealtime} enabled initialOpen /> : null}
    </>
  )
}

// ── naive: one context, setState per message ───────────────────────────────
type NaiveData = Record<string, FeedData | null>
const NaiveContext = createContext<NaiveData>({})

function NaiveProvider({ children }: { children: ReactNode }) {
  const [data, setData] = useState<NaiveData>(() => Object.fromEntries(FEEDS.map((f) => [f, null])))
  useEffect(() => {
    const sockets = FEEDS.map((name) => {
      const ws = new WebSocket(`${wsBase}/feed/${name}`)
      ws.onopen = () => { counters.open++ }
      ws.onmessage = (event) => {
        counters.messages++
        const { publishedAt, data }: FeedFrame = JSON.parse(String(event.data))
        sample(counters.appliedAges, Date.now() - publishedAt)
        setData((previous) => ({ ...previous, [name]: { ...data, publishedAt } }))
      }
      return ws
    })
    return () => sockets.forEach((ws) => ws.close())
  }, [])
  return <NaiveContext.Provider value={data}>{children}</NaiveContext.Provider>
}

function NaiveWidget({ index }: { index: number }) {
  const data = useContext(NaiveContext)[FEEDS[index % 8] ?? 'feed0'] ?? null
  return index < HOT ? <Widget index={index} data={data} /> : <StatusWidget index={index} status={data?.status ?? null} />
}

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(mode === 'naive'
    ? <NaiveProvider>{Array.from({ length: WIDGETS }, (_, i) => <NaiveWidget key={i} index={i} />)}</NaiveProvider>
    : <OursApp devpanel={mode === 'ours-devpanel'} />)
}
