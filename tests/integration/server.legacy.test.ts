import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { optionsFromCli } from '../../server/cliOptions'
import { wsPath } from '../../src/store/dashboard/feeds'
import { createTransportHarness, expectNoOpenSockets, holdsFor, waitFor, warmUp } from '../helpers/transportHarness'

const harness = createTransportHarness()
const sockets: WebSocket[] = []
beforeAll(warmUp)
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate()
  await harness.cleanup()
})
afterAll(expectNoOpenSockets)

const listen = (url: string) => {
  const socket = new WebSocket(url)
  sockets.push(socket)
  const frames: { type: string; data?: unknown }[] = []
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as { type: string }))
  socket.on('error', () => {})
  const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()))
  return { socket, frames, opened }
}

describe('reference server --legacy and --payloads', () => {
  it('the CLI takes --legacy and --payloads ours|foreign, and says what is allowed', () => {
    expect(optionsFromCli(['--legacy', '--payloads', 'foreign'], {})).toMatchObject({ legacy: true, payloads: 'foreign' })
    expect(optionsFromCli([], {})).toMatchObject({ legacy: false, payloads: 'ours' })
    expect(() => optionsFromCli(['--payloads', 'xml'], {})).toThrow('--payloads must be one of ours, foreign, got "xml"')
  })

  it('legacy: no snapshot on connect, pings unanswered, every update on every socket; polls still answer', async () => {
    const server = await harness.server({ legacy: true })
    const queue = listen(server.wsBase + wsPath('queue'))
    await queue.opened
    queue.socket.send(JSON.stringify({ type: 'ping', timestamp: 1 }))
    await holdsFor('nothing arrives', () => queue.frames.length === 0, 400)
    server.control.burst('routes', 1)
    await waitFor('the routes update on the queue socket', () => queue.frames.find((frame) => frame.type === 'routes_update'), { timeoutMs: 3000 })
    expect(queue.frames.map((frame) => frame.type)).not.toContain('pong')
    const response = await fetch(`${server.url}/api/v1/queue`)
    expect(await response.json()).toMatchObject({ type: 'queue_update', data: { phases: expect.any(Array) } })
  })

  it('payloads foreign: the same feeds with snake_case fields, on the socket and the poll', async () => {
    const server = await harness.server({ payloads: 'foreign' })
    const history = listen(server.wsBase + wsPath('workflow-history'))
    const snapshot = await waitFor('the snapshot', () => history.frames[0], { timeoutMs: 3000 })
    expect(snapshot).toMatchObject({ type: 'workflow_history_update', data: { total_runs: expect.any(Number), success_rate: expect.any(Number), updated_at: expect.any(Number) } })
    // The payload is the backend's (snake_case); the envelope's `publishedAt` is the protocol's own.
    expect(JSON.stringify((snapshot as { data: unknown }).data)).not.toMatch(/"[a-z]+[A-Z]\w*":/)
    const polled: unknown = await (await fetch(`${server.url}/api/v1/workflow-history`)).json()
    expect(polled).toMatchObject({ data: { total_runs: expect.any(Number) } })
  })
})
