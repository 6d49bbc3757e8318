import { WebSocket } from 'ws'
import { wsPath, type FeedName } from '../src/store/dashboard/feeds'
import type { AttemptLedger } from './attempts'
import type { ChaosPlan } from './chaosPlan'
import { hostileCorpus } from './hostileFrames'
import type { Participant } from './participant'
import type { SoakServer } from './soakServer'

export interface ChaosContext {
  server: SoakServer
  /** Every client (Node stores and the browser page). */
  participants: readonly Participant[]
  /** The Node clients, by index (plans name them by index). */
  nodes: readonly Participant[]
  browser: Participant | null
  ledger: AttemptLedger
}

export interface AppliedFault {
  /** When the fault was lifted (the server listens again, the toggle is off). */
  liftedAt: number
  /** Checks the fault itself makes (e.g. garbage counted exactly) that failed. */
  failures: string[]
  /** Figures for the event log (e.g. garbage frames sent by the hostile client). */
  notes: string[]
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Until no client has an open socket (after a server stop), bounded; late frames of the old server are in by then. */
async function allDisconnected(ctx: ChaosContext, timeoutMs = 8000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const counts = await Promise.all(ctx.participants.map((p) => p.connectedCount()))
    if (counts.every((count) => count === 0)) return true
    if (Date.now() > deadline) return false
    await sleep(50)
  }
}

/** Stops the server with `signal`, marks the new epoch in every monitor, waits `holdMs`, restarts it. */
async function restartServer(ctx: ChaosContext, signal: NodeJS.Signals, holdMs: number, failures: string[]): Promise<number> {
  const started = Date.now()
  ctx.ledger.phase = 'outage'
  const code = await ctx.server.stop(signal)
  if (signal === 'SIGTERM' && code !== 0) failures.push(`server exited ${code} on SIGTERM (expected 0)`)
  if (!(await allDisconnected(ctx))) failures.push(`some client still shows an open socket 8 s after the server died (${signal})`)
  await sleep(300) // a poll answered by the old server may still be on its way
  await Promise.all(ctx.participants.map((p) => p.newEpoch()))
  await sleep(Math.max(0, holdMs - (Date.now() - started)))
  await ctx.server.restart()
  ctx.ledger.phase = 'normal'
  return Date.now()
}

const droppedOf = async (p: Participant, feed: FeedName): Promise<number> => (await p.metrics()).endpoints[feed]?.messagesDropped ?? 0

/** The server sends each feed's sockets 2 garbage frames; every client must count exactly 2 and stay up. */
async function garbage(ctx: ChaosContext, feeds: readonly FeedName[], failures: string[], notes: string[]): Promise<void> {
  const before = await Promise.all(ctx.participants.map(async (p) => Promise.all(feeds.map((feed) => droppedOf(p, feed)))))
  for (const feed of feeds) await ctx.server.control({ action: 'garbage', endpoint: feed })
  notes.push(`hostile client sent ${await hostileClient(ctx.server.wsBase, feeds[0] ?? 'queue')} frames`)
  const deadline = Date.now() + 5000
  let wrong: string[] = []
  do {
    await sleep(50)
    wrong = []
    for (const [index, p] of ctx.participants.entries()) {
      for (const [feedIndex, feed] of feeds.entries()) {
        const delta = (await droppedOf(p, feed)) - (before[index]?.[feedIndex] ?? 0)
        if (delta !== 2) wrong.push(`${p.id} counted ${delta} dropped frames on ${feed} (expected 2)`)
      }
    }
  } while (wrong.length > 0 && Date.now() < deadline)
  failures.push(...wrong)
}

/** A hostile peer: the client fuzz corpus sent to the server on one socket. Returns how many frames it sent. */
async function hostileClient(wsBase: string, feed: FeedName): Promise<number> {
  const socket = new WebSocket(wsBase + wsPath(feed))
  socket.on('error', () => {})
  const opened = await new Promise<boolean>((resolve) => {
    socket.once('open', () => resolve(true))
    socket.once('close', () => resolve(false))
  })
  let sent = 0
  if (opened) {
    for (const { data } of hostileCorpus(feed, 32 * 1024)) {
      if ((typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength) > 60 * 1024) continue
      socket.send(data, { binary: typeof data !== 'string' })
      sent += 1
    }
  }
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  if (socket.readyState !== WebSocket.CLOSED) socket.close(1000)
  await Promise.race([closed, sleep(3000)])
  return sent
}

/** Applies `plan`, holds it, lifts it; returns when it was lifted. Recovery is waited for by the caller. */
export async function applyFault(ctx: ChaosContext, plan: ChaosPlan): Promise<AppliedFault> {
  const failures: string[] = []
  const notes: string[] = []
  const targets = [...plan.clients.flatMap((index) => ctx.nodes[index] ?? []), ...(plan.browser && ctx.browser ? [ctx.browser] : [])]
  const { server } = ctx
  switch (plan.kind) {
    case 'server-kill':
      return { liftedAt: await restartServer(ctx, 'SIGKILL', plan.holdMs, failures), failures, notes }
    case 'server-term':
      return { liftedAt: await restartServer(ctx, 'SIGTERM', plan.holdMs, failures), failures, notes }
    case 'pong-blackout':
      await server.control({ action: 'dropPongs', endpoint: '*', on: true })
      for (const feed of plan.feeds) await server.control({ action: 'silence', endpoint: feed, on: true })
      await Promise.all(ctx.participants.map((p) => p.silenced(plan.feeds)))
      await sleep(plan.holdMs)
      await server.control({ action: 'reset' })
      await Promise.all(ctx.participants.map((p) => p.silenced([])))
      // Silence discards frames (TCP would only delay them): one update per silenced feed reaches the sockets opened meanwhile.
      for (const feed of plan.feeds) await server.control({ action: 'burst', endpoint: feed, count: 1 })
      break
    case 'refuse':
      ctx.ledger.phase = 'outage'
      await server.control({ action: 'refuse', on: true })
      notes.push(`dropped ${(await server.metrics()).connections.total} sockets`)
      await server.control({ action: 'dropAll', code: 1006 })
      await sleep(plan.holdMs)
      await server.control({ action: 'refuse', on: false })
      ctx.ledger.phase = 'normal'
      break
    case 'full':
      ctx.ledger.phase = 'outage'
      await server.control({ action: 'full', on: true, retryAfterMs: plan.amount })
      await server.control({ action: 'dropAll', code: 1012 })
      await sleep(plan.holdMs)
      await server.control({ action: 'full', on: false })
      ctx.ledger.phase = 'normal'
      break
    case 'latency':
      await Promise.all(targets.map((p) => p.latency(plan.feeds, plan.amount)))
      await sleep(plan.holdMs)
      await Promise.all(targets.map((p) => p.latency(plan.feeds, 0)))
      break
    case 'garbage':
      await garbage(ctx, plan.feeds, failures, notes)
      break
    case 'client-offline':
      await Promise.all(targets.map((p) => p.offline(true)))
      await sleep(plan.holdMs)
      await Promise.all(targets.map((p) => p.offline(false)))
      break
    case 'hidden':
      await ctx.browser?.hidden(true)
      await sleep(plan.holdMs)
      await ctx.browser?.hidden(false)
      break
    case 'burst':
      await server.control({ action: 'burst', endpoint: plan.feeds[0] ?? 'queue', count: plan.amount })
      break
  }
  return { liftedAt: Date.now(), failures, notes }
}
