import { readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { FEED_NAMES, wsPath } from '../../src/store/dashboard/feeds'
import { startServerChild, type ServerChild } from '../../soak/serverProcess'

/**
 * A connection flood on loopback: 2,000 sockets in 20 waves over ~2 s against a cap of 500.
 * The cap holds (exactly 500 admitted, the rest closed 1013 with retryAfterMs), the server
 * process stays up and serving, and once the clients leave its open sockets return to 0 and
 * its heap (after GC) and file descriptors return near their baseline.
 */

const CAP = 500
const TOTAL = 2000
const WAVES = 20
const WAVE_GAP_MS = 100
/** Heap growth (after GC) the server may keep once every flood socket is gone. */
const HEAP_SLACK_BYTES = 4 * 1024 * 1024
const FD_SLACK = 10
/** Growth allowed between two floods on a warmed-up server. */
const REPEAT_SLACK_BYTES = 1024 * 1024

type Outcome = { kind: 'admitted' } | { kind: 'closed'; code: number; reason: string } | { kind: 'error'; message: string }

let server: ServerChild
beforeAll(async () => {
  server = await startServerChild({ port: 0, args: ['--update-ms', '0', '--max-connections', String(CAP), '--retry-after-ms', '1500'] })
})
afterAll(async () => {
  expect(await server.stop('SIGTERM')).toBe(0)
})

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const openFds = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length

async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`)
    await sleep(25)
  }
}

/** One flood socket: resolves with its first outcome (a snapshot = admitted, or a close before one). */
function floodSocket(url: string, sockets: WebSocket[]): Promise<Outcome> {
  const socket = new WebSocket(url)
  sockets.push(socket)
  return new Promise((resolve) => {
    socket.once('message', () => resolve({ kind: 'admitted' }))
    socket.once('close', (code, reason) => resolve({ kind: 'closed', code, reason: reason.toString() }))
    socket.on('error', (error) => resolve({ kind: 'error', message: error.message }))
  })
}

interface FloodResult {
  admitted: number
  refused: Extract<Outcome, { kind: 'closed' }>[]
  other: Outcome[]
  maxOpen: number
  floodMs: number
  sockets: WebSocket[]
}

/** TOTAL sockets in WAVES waves, over all 8 feeds; samples the server's open count meanwhile. */
async function flood(): Promise<FloodResult> {
  const sockets: WebSocket[] = []
  const outcomes: Promise<Outcome>[] = []
  let maxOpen = 0
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      maxOpen = Math.max(maxOpen, (await server.metrics()).connections.total)
      await sleep(50)
    }
  })()
  const started = Date.now()
  for (let wave = 0; wave < WAVES; wave += 1) {
    for (let i = 0; i < TOTAL / WAVES; i += 1) {
      const feed = FEED_NAMES[(wave * 100 + i) % FEED_NAMES.length] ?? 'queue'
      outcomes.push(floodSocket(server.wsBase + wsPath(feed), sockets))
    }
    await sleep(WAVE_GAP_MS)
  }
  const settled = await Promise.all(outcomes)
  const floodMs = Date.now() - started
  sampling = false
  await sampler
  return {
    admitted: settled.filter((o) => o.kind === 'admitted').length,
    refused: settled.filter((o): o is Extract<Outcome, { kind: 'closed' }> => o.kind === 'closed' && o.code === 1013),
    other: settled.filter((o) => o.kind !== 'admitted' && !(o.kind === 'closed' && o.code === 1013)),
    maxOpen,
    floodMs,
    sockets,
  }
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  for (const socket of sockets) socket.close(1000)
  await until('server has no socket open', async () => (await server.metrics()).connections.total === 0, 15_000)
  await until('client sockets closed', () => sockets.every((s) => s.readyState === WebSocket.CLOSED), 15_000)
}

/** Heap after GC, re-measured a few times while it is above `limit` (late frees settle). */
async function heapBelow(limit: number): Promise<number> {
  let heap = (await server.probe()).heapUsed
  for (let i = 0; i < 10 && heap >= limit; i += 1) {
    await sleep(300)
    heap = (await server.probe()).heapUsed
  }
  return heap
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2)

describe('server under a connection flood', () => {
  it(`admits exactly ${CAP} of ${TOTAL} sockets, refuses the rest with 1013, stays up, and gives everything back`, async () => {
    await sleep(200)
    const baseline = await server.probe()
    const baselineFds = openFds(server.pid)
    const first = await flood()

    expect(first.other, 'outcomes other than admitted / 1013').toEqual([])
    expect(first.admitted).toBe(CAP)
    expect(first.refused).toHaveLength(TOTAL - CAP)
    expect(new Set(first.refused.map((o) => o.reason))).toEqual(new Set([JSON.stringify({ retryAfterMs: 1500 })]))
    expect(first.maxOpen).toBeLessThanOrEqual(CAP)
    const during = await server.metrics()
    expect(during.connections.total).toBe(CAP)
    expect(during.rejectsByReason.capacity).toBe(TOTAL - CAP)
    expect(server.isRunning()).toBe(true)
    expect(first.floodMs).toBeLessThan(30_000)

    // Still serving while full: polling works and a new socket gets its 1013 at once.
    expect((await fetch(`${server.httpBase}/api/v1/queue`)).status).toBe(200)
    expect(await floodSocket(server.wsBase + wsPath('queue'), first.sockets)).toMatchObject({ kind: 'closed', code: 1013 })

    await closeAll(first.sockets)
    // The freed capacity is reusable.
    const reuse: WebSocket[] = []
    expect(await floodSocket(server.wsBase + wsPath('routes'), reuse)).toEqual({ kind: 'admitted' })
    await closeAll(reuse)

    await until(`server fds near the baseline of ${baselineFds}`, () => openFds(server.pid) <= baselineFds + FD_SLACK, 10_000)
    const afterFirst = await heapBelow(baseline.heapUsed + HEAP_SLACK_BYTES)
    expect(afterFirst).toBeLessThan(baseline.heapUsed + HEAP_SLACK_BYTES)

    // A second flood on the warmed-up server must not grow it further (a per-socket leak would).
    const second = await flood()
    expect(second.admitted).toBe(CAP)
    expect(second.maxOpen).toBeLessThanOrEqual(CAP)
    await closeAll(second.sockets)
    const afterSecond = await heapBelow(afterFirst + REPEAT_SLACK_BYTES)
    const probe = await server.probe()
    console.info(`flood: ${TOTAL} sockets in ${first.floodMs} ms, max open ${first.maxOpen}; server heap ${mb(baseline.heapUsed)} → ${mb(afterFirst)} → ${mb(afterSecond)} MB; fds ${baselineFds} → ${openFds(server.pid)}; handles ${JSON.stringify(probe.handles)}`)
    expect(afterSecond).toBeLessThan(afterFirst + REPEAT_SLACK_BYTES)
    expect(openFds(server.pid)).toBeLessThanOrEqual(baselineFds + FD_SLACK)
    // Left: the listener, the IPC pipe and stdio, and at most the test's keep-alive HTTP connections.
    expect(probe.handles.TCPSocketWrap ?? 0).toBeLessThanOrEqual(2)
  }, 90_000)
})
