import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { runConformance, type ConformanceRow, type RowId } from '../../src/conformance'

/**
 * A backend with deliberate protocol bugs, to prove the rows catch them: pongs re-stamped with the
 * server's clock, garbage answered by a close, 1013 without a JSON reason, no /metrics.
 */
const startBrokenBackend = async (): Promise<{ url: string; close(): Promise<void> }> => {
  const http: Server = createServer((request, response) => {
    const name = /^\/api\/v1\/([a-z-]+)$/.exec(request.url ?? '')?.[1]
    if (name === undefined) return void response.writeHead(404).end()
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ type: `${name}_update`, data: { n: 1 }, seq: 0 }))
  })
  const wss = new WebSocketServer({ server: http })
  let open = 0
  wss.on('connection', (socket, request) => {
    const name = /\/ws\/([a-z-]+)/.exec(request.url ?? '')?.[1] ?? 'x'
    if (open >= 2) return socket.close(1013, 'full, come back later')
    open += 1
    socket.on('close', () => (open -= 1))
    socket.send(JSON.stringify({ type: `${name}_update`, data: { n: 1 }, seq: 0 }))
    socket.on('message', (data) => {
      let frame: { type?: unknown } | null = null
      try {
        frame = JSON.parse(String(data)) as { type?: unknown }
      } catch {
        return socket.close(1003, 'unsupported data') // garbage kills the socket
      }
      if (frame?.type === 'ping') socket.send(JSON.stringify({ type: 'pong', timestamp: Date.now() }))
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      http.close(() => resolve())
    }),
  }
}

let backend: Awaited<ReturnType<typeof startBrokenBackend>> | null = null
afterEach(async () => {
  await backend?.close()
  backend = null
})

it('each planted protocol bug fails its own row with the evidence, and a failed required row fails the run', async () => {
  backend = await startBrokenBackend()
  const report = await runConformance({ url: backend.url, endpoints: ['queue'], skipIdle: true, maxPerEndpoint: 2, observeMs: 300, timeoutMs: 2000 })
  const row = (id: RowId): ConformanceRow | undefined => report.rows.find((candidate) => candidate.id === id)

  expect(row('ping-pong')).toMatchObject({ status: 'fail', evidence: expect.stringMatching(/^pong timestamp \d+, sent \d+(\.\d)?$/) })
  expect(row('garbage')).toMatchObject({ status: 'fail', level: 'required', evidence: 'closed 1003 "unsupported data" after garbage' })
  expect(row('cap')).toMatchObject({ status: 'fail', evidence: '1013 with reason "full, come back later": not JSON {"retryAfterMs": n}' })
  expect(row('metrics')?.status).toBe('fail')
  expect(row('garbage-counted')).toMatchObject({ status: 'fail', loses: 'bad client frames are invisible to whoever runs the server' })
  // What it does right still passes.
  expect(row('snapshot-first')?.status).toBe('pass')
  expect(row('polling-get')?.status).toBe('pass')
  expect(row('token')?.status).toBe('skip')
  expect(report.ok).toBe(false)
})
