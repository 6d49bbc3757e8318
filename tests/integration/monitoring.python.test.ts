import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/createServer'
import { makeReport } from '../helpers/reports'
import { spawnPythonServer, type ServerProcess } from '../helpers/serverProcess'

/**
 * The Python kit's collector answers like the Node server's: the same reports POSTed to both give
 * the same GET /monitoring and GET /alerts (bar the clock).
 */
let node: RunningServer
let python: ServerProcess

beforeAll(async () => {
  ;[node, python] = await Promise.all([startServer({ port: 0, host: '127.0.0.1', updateIntervalMs: 0 }), spawnPythonServer(['--host', '127.0.0.1', '--update-ms', '0'])])
}, 30_000)
afterAll(async () => {
  await python?.stop()
  await node?.close()
})

/** Deep equality with numbers compared to 9 decimals (Python and JS sum floats in the same order, but say so). */
const expectSameShape = (actual: unknown, expected: unknown, path = '$'): void => {
  if (typeof expected === 'number' && typeof actual === 'number') return void expect(actual, path).toBeCloseTo(expected, 9)
  if (expected === null || typeof expected !== 'object') return void expect(actual, path).toEqual(expected)
  expect(typeof actual, path).toBe('object')
  expect(actual, path).not.toBeNull()
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true)
    expect((actual as unknown[]).length, path).toBe(expected.length)
    expected.forEach((item, index) => expectSameShape((actual as unknown[])[index], item, `${path}[${index}]`))
    return
  }
  expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort())
  for (const [key, value] of Object.entries(expected)) expectSameShape(Reflect.get(actual as object, key), value, `${path}.${key}`)
}

const post = async (base: string, body: unknown): Promise<number> =>
  (await fetch(`${base}/reports`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'text/plain' } })).status

describe('the Python collector', () => {
  it('gives the same /monitoring and /alerts as the Node one for the same reports', async () => {
    const reports = [
      makeReport({ client: 'a', seq: 1, counters: { attempts: 10, successes: 9, failures: 1, messagesIn: 400, messagesRejected: 2 }, rtt: [3, 8, 20, 20, 300], freshness: [12, 40, 900], memoryBytes: 30_000_000 }),
      makeReport({ client: 'b', seq: 1, role: 'leader', counters: { attempts: 4, successes: 2, failures: 2, circuitOpenings: 2, circuitRecoveries: 1 }, health: { connected: 6, closed: 6, open: 1, halfOpen: 1 }, reconnect: [800, 7000] }),
      makeReport({ client: 'c', seq: 1, role: 'follower', health: { connected: 7, polling: 1, closed: 7, open: 1 }, freshness: [55, 60] }),
      makeReport({ client: 'a', seq: 2, counters: { attempts: 1, successes: 1, messagesIn: 100 }, rtt: [4000], memoryBytes: 30_500_000 }),
      makeReport({ client: 'a', seq: 2, counters: { attempts: 99 } }), // a repeat: ignored by both
      makeReport({ client: 'gone', seq: 1, final: true }),
    ]
    for (const report of reports) {
      expect(await post(node.url, report)).toBe(202)
      expect(await post(python.url, report)).toBe(202)
    }
    expect(await post(node.url, { v: 1 })).toBe(400)
    expect(await post(python.url, { v: 1 })).toBe(400)

    const [fromNode, fromPython] = await Promise.all([node.url, python.url].map(async (base) => (await fetch(`${base}/monitoring`)).json() as Promise<Record<string, unknown>>))
    expect(fromNode?.connections).toEqual({ total: 15, successful: 12, failed: 3, successRate: 12 / 15 })
    expectSameShape({ ...fromPython, at: 0 }, { ...fromNode, at: 0 })

    const [alertsNode, alertsPython] = await Promise.all([node.url, python.url].map(async (base) => ((await (await fetch(`${base}/alerts`)).json()) as { alerts: { since: number }[] }).alerts))
    const withoutSince = (alerts: { since: number }[] = []) => alerts.map(({ since: _since, ...rest }) => rest)
    expect(withoutSince(alertsNode).length).toBe(10)
    expectSameShape(withoutSince(alertsPython), withoutSince(alertsNode))
  }, 30_000)
})
