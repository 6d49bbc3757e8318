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

export interface FeedData { seq: number; value: number; sentAt: number; status: number; items: number[] }
export interface BenchSnapshot { elapsedMs: number; commits: number[]; messages: number; frames: number; longTaskMs: number; lags: number[] }
export interface BenchApi { ready(): boolean; reset(): void; snapshot(): BenchSnapshot }
declare global { interface Window { __bench?: BenchApi } }

const params = new URLSearchParams(location.search)
const mode = params.get('mode') ?? 'ours'
const wsBase = params.get('ws') ?? `ws://${location.host}`
const WIDGETS = Number(params.get('widgets') ?? 50)
const HOT = Number(params.get('hot') ?? 16)
const FEEDS = Array.from({ length: 8 }, (_, k) => `feed${k}`)

// ── counters ────────────────────────────────────────────────────────────────
const counters = { t0: performance.now(), commits: new Array<number>(WIDGETS).fill(0), messages: 0, frames: 0, longTaskMs: 0, lags: [] as number[], open: 0 }
const reset = (): void => {
  counters.t0 = performance.now()
  counters.commits.fill(0)
  counters.messages = 0
  counters.frames = 0
  counters.longTaskMs = 0
  counters.lags = []
}
const onFrame = (): void => { counters.frames++; requestAnimationFrame(onFrame) }
requestAnimationFrame(onFrame)
try {
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) counters.longTaskMs += entry.duration }).observe({ type: 'longtask', buffered: false })
} catch { /* longtask timing unsupported */ }
window.__bench = {
  ready: () => counters.open === FEEDS.length,
  reset,
  snapshot: () => ({ elapsedMs: performance.now() - counters.t0, commits: [...counters.commits], messages: counters.messages, frames: counters.frames, longTaskMs: counters.longTaskMs, lags: counters.lags.slice(0, 20_000) }),
}

/** A hot widget: a few derived rows of its feed. Counts its commits and the data's age. */
function Widget({ index, data }: { index: number; data: FeedData | null }) {
  useLayoutEffect(() => {
    counters.commits[index] = (counters.commits[index] ?? 0) + 1
    if (data !== null && counters.lags.length < 20_000) counters.lags.push(Date.now() - data.sentAt)
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
    reduce: (draft: OursState, message) => { if (message.type === 'feed_update') draft[name] = message.data as FeedData },
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
        const message: { type: string; data: FeedData } = JSON.parse(String(event.data))
        setData((previous) => ({ ...previous, [name]: message.data }))
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
