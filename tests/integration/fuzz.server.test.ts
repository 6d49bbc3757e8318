import fc from 'fast-check'
import { connect as connectTcp } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { FEED_NAMES, wsPath, type FeedName } from '../../src/store/dashboard/feeds'
import { hostileCorpus, hostileFrameArbitrary, type FrameData } from '../../soak/hostileFrames'
import { startServerChild, type ServerChild } from '../../soak/serverProcess'
import { createClientPool, roundTrip, waitClosed, waitFrames, waitOpen, type TestClient } from '../helpers/serverClient'

/**
 * The reference server (as its own process) under hostile clients: the client fuzz corpus and
 * random frames sent the other way, invalid UTF-8, oversize frames, and junk on the raw TCP port.
 * The process stays up, each bad frame is counted as garbage, the socket that sent it keeps
 * being answered (unless the frame broke the protocol: 1007/1009), and nothing else is disturbed.
 */

const MAX_FRAME_BYTES = 64 * 1024 // the server's default maxFrameBytes

let server: ServerChild
const clients = createClientPool()

beforeAll(async () => {
  server = await startServerChild({ port: 0, args: ['--update-ms', '0', '--seed', '11'] })
})
afterEach(async () => { await clients.closeAll() })
afterAll(async () => {
  const code = await server.stop('SIGTERM')
  expect(code).toBe(0)
})

/** What the server does with one client frame (server/peer.ts): garbage unless a JSON object with a string type. */
function serverVerdict(data: FrameData): 'ok' | 'garbage' | 'close-1009' {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
  if (bytes > MAX_FRAME_BYTES) return 'close-1009'
  if (typeof data !== 'string') return 'garbage'
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(data).toString()) // what arrives: lone surrogates become U+FFFD
  } catch {
    return 'garbage'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'garbage'
  return typeof Reflect.get(value, 'type') === 'string' ? 'ok' : 'garbage'
}

let stamp = 1
const connected = async (feed: FeedName): Promise<TestClient> => {
  const client = clients.open(server.wsBase + wsPath(feed))
  await waitOpen(client)
  await waitFrames(client, `${feed.replaceAll('-', '_')}_update`)
  return client
}

const garbageIn = async (): Promise<number> => (await server.metrics()).garbageIn

/** Sends one frame and checks the server's verdict; returns the socket to use next (a new one after a 1009). */
async function sendAndCheck(client: TestClient, feed: FeedName, data: FrameData, label: string): Promise<TestClient> {
  const verdict = serverVerdict(data)
  const before = await garbageIn()
  client.socket.send(data, { binary: typeof data !== 'string' })
  if (verdict === 'close-1009') {
    expect((await waitClosed(client)).code, label).toBe(1009)
    return connected(feed)
  }
  await roundTrip(client, (stamp += 1)) // the pong proves the server read the frame and still answers
  expect(await garbageIn(), `${label}: counted as garbage`).toBe(before + (verdict === 'garbage' ? 1 : 0))
  expect(client.socket.readyState, label).toBe(WebSocket.OPEN)
  return client
}

describe('server fuzz: hostile frames from clients', () => {
  it.each(FEED_NAMES.map((feed) => [feed]))('on %s: the client corpus is counted as garbage or ignored, and the socket keeps being answered', async (feed) => {
    let client = await connected(feed)
    for (const { name, data } of hostileCorpus(feed, MAX_FRAME_BYTES)) client = await sendAndCheck(client, feed, data, name)
    // Pings whose timestamp is hostile are answered with it, as is.
    client.send({ type: 'ping', timestamp: { __proto__: { polluted: 1 } } })
    await roundTrip(client, (stamp += 1))
  }, 60_000)

  it('random frames (fast-check): the garbage count matches, the socket stays up, the server keeps answering', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FEED_NAMES), fc.array(hostileFrameArbitrary, { minLength: 1, maxLength: 20 }), async (feed, frames) => {
        const client = await connected(feed)
        const before = await garbageIn()
        let expected = 0
        for (const data of frames) {
          if (serverVerdict(data) === 'garbage') expected += 1
          client.socket.send(data, { binary: typeof data !== 'string' })
        }
        await roundTrip(client, (stamp += 1))
        expect(await garbageIn()).toBe(before + expected)
        client.socket.terminate()
        await waitClosed(client)
      }),
      { seed: 31_337, numRuns: 40 },
    )
  }, 120_000)

  it('invalid UTF-8 in a text frame closes only that socket (1007); a frame over maxFrameBytes closes only that one (1009)', async () => {
    const bystander = await connected('queue')
    const liar = await connected('queue')
    liar.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })
    expect((await waitClosed(liar)).code).toBe(1007)
    const glutton = await connected('queue')
    glutton.socket.send('x'.repeat(MAX_FRAME_BYTES + 1))
    expect((await waitClosed(glutton)).code).toBe(1009)
    await roundTrip(bystander, (stamp += 1))
    await server.control({ action: 'burst', endpoint: 'queue', count: 1 })
    await waitFrames(bystander, 'queue_update', 2)
  })
})

/** Writes `payload` to the raw TCP port and resolves when the server hangs up (or after `waitMs`). */
const rawTcp = (payload: Buffer | string, waitMs = 1500): Promise<string> =>
  new Promise((resolve) => {
    const socket = connectTcp(server.port, '127.0.0.1')
    let answer = ''
    const done = () => { clearTimeout(timer); socket.destroy(); resolve(answer) }
    const timer = setTimeout(done, waitMs)
    socket.on('data', (chunk) => { answer += chunk.toString() })
    socket.on('error', done)
    socket.on('close', done)
    socket.write(payload)
  })

describe('server fuzz: junk on the raw TCP port', () => {
  it('random bytes, broken HTTP, bad upgrades and unknown paths are refused without taking the server down', async () => {
    const bystander = await connected('routes')
    const answers = await Promise.all([
      rawTcp(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))),
      rawTcp('GARBAGE / HTTP/9.9\r\n\r\n'),
      rawTcp('GET /api/v1/ws/queue HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'),
      rawTcp('GET /api/v1/ws/queue HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: not-base64!\r\n\r\n'),
      rawTcp('GET /api/v1/ws/__proto__ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'),
      rawTcp('GET /api/v1/constructor HTTP/1.1\r\nHost: x\r\n\r\n'),
      rawTcp(`GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n${'X-Junk: y\r\n'.repeat(2000)}\r\n`),
      rawTcp('GET /api/v1/ws/queue HTTP/1.1\r\nHost: x\r\n', 300), // headers never finished
    ])
    expect(answers[1]).toMatch(/^HTTP\/1\.1 400/)
    expect(answers[2]).toMatch(/^HTTP\/1\.1 400/)
    expect(answers[4]).toMatch(/^HTTP\/1\.1 404/)
    expect(answers[5]).toMatch(/^HTTP\/1\.1 404/)
    expect(server.isRunning()).toBe(true)
    await roundTrip(bystander, (stamp += 1))
    expect((await fetch(`${server.httpBase}/healthz`)).status).toBe(200)
  })

  it('after all of it: the process is up, no socket is left open, and nothing reached Object.prototype', async () => {
    await clients.closeAll()
    const deadline = Date.now() + 5000
    while ((await server.metrics()).connections.total > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await server.metrics()).connections.total).toBe(0)
    const probe = await server.probe()
    expect(probe.prototypeKeys).toEqual([])
    expect(server.isRunning()).toBe(true)
  })
})
