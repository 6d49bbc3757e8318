import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/createServer'
import { parseExposition, seriesKey, type Exposition } from '../helpers/prometheusText'
import { startPrometheus, type PrometheusProcess } from '../helpers/prometheusProcess'
import { startReportingFleet, type ReportingFleet } from '../helpers/reportingFleet'
import { makeReport } from '../helpers/reports'
import { spawnPythonServer, type ServerProcess } from '../helpers/serverProcess'

/**
 * The Python kit's collector answers like the Node server's: the same reports POSTed to both give
 * the same GET /monitoring and GET /alerts (bar the clock), and the same fleet series on
 * GET /metrics/prometheus, under the names the Grafana dashboard and the alert rules query; a real
 * Prometheus scraping it returns what real clients produced (as monitoring.prometheus.test.ts for Node).
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

const DASHBOARD = fileURLToPath(new URL('../../monitoring/grafana-dashboard.json', import.meta.url))
const RULES = fileURLToPath(new URL('../../monitoring/alerts.rules.yml', import.meta.url))

const scrape = async (base: string): Promise<{ contentType: string | null; exposition: Exposition }> => {
  const response = await fetch(`${base}/metrics/prometheus`)
  expect(response.status).toBe(200)
  return { contentType: response.headers.get('content-type'), exposition: parseExposition(await response.text()) }
}

/** The series of one exposition that are the fleet's (the server's own socket counters differ by design). */
const fleetSeries = (exposition: Exposition): Map<string, number> =>
  new Map([...exposition.samples].filter(([key]) => !key.startsWith('zr_server_')))

describe('the Python Prometheus exposition', () => {
  it("has the Node server's families (names, types, help, labels) and the same fleet series for the same reports", async () => {
    const reports = [
      makeReport({ client: 'p1', seq: 1, counters: { attempts: 7, successes: 5, failures: 2, messagesIn: 90, messagesDropped: 1, gapsDetected: 1, resyncs: 1 }, rtt: [2, 9, 800], freshness: [30, 70_000], memoryBytes: 20_000_000 }),
      makeReport({ client: 'p2', seq: 1, role: 'leader', counters: { attempts: 3, successes: 3, circuitOpenings: 1, circuitRecoveries: 1 }, health: { connected: 5, closed: 5, open: 2, halfOpen: 1 }, reconnect: [1200] }),
    ]
    for (const report of reports) {
      expect(await post(node.url, report)).toBe(202)
      expect(await post(python.url, report)).toBe(202)
    }
    const [fromNode, fromPython] = await Promise.all([scrape(node.url), scrape(python.url)])
    expect(fromPython.contentType).toBe(fromNode.contentType)
    expect(Object.fromEntries(fromPython.exposition.types)).toEqual(Object.fromEntries(fromNode.exposition.types))
    expect(Object.fromEntries(fromPython.exposition.help)).toEqual(Object.fromEntries(fromNode.exposition.help))
    // Every series, the server's own included, exists on both (same names and label sets) ...
    expect([...fromPython.exposition.samples.keys()].sort()).toEqual([...fromNode.exposition.samples.keys()].sort())
    // ... and the fleet's have the same values (NaN for the memory figures neither has yet).
    expect(Object.fromEntries(fleetSeries(fromPython.exposition))).toEqual(Object.fromEntries(fleetSeries(fromNode.exposition)))

    // The text agrees with the Python kit's own JSON.
    const monitoring = (await (await fetch(`${python.url}/monitoring`)).json()) as { totals: Record<string, number>; circuits: { open: number; halfOpen: number } }
    const sample = (name: string, labels?: Record<string, string>) => fromPython.exposition.samples.get(seriesKey(name, labels))
    expect(sample('zr_client_connection_attempts_total')).toBe(monitoring.totals.attempts)
    expect(sample('zr_client_connection_successes_total')).toBe(monitoring.totals.successes)
    expect(sample('zr_client_reports_total')).toBe(monitoring.totals.reports)
    expect(sample('zr_fleet_circuits', { state: 'open' })).toBe(monitoring.circuits.open)
    expect(sample('zr_fleet_circuits', { state: 'half_open' })).toBe(monitoring.circuits.halfOpen)
  }, 30_000)

  it('offers every series the Grafana dashboard and the alert rules query', async () => {
    const { exposition } = await scrape(python.url)
    const names = new Set([...exposition.samples.keys()].map((key) => key.replace(/\{.*$/, '')))
    const queried = new Set([...`${readFileSync(DASHBOARD, 'utf8')}\n${readFileSync(RULES, 'utf8')}`.matchAll(/\bzr_[a-z_]+/g)].map(([name]) => name))
    expect(queried.size).toBeGreaterThan(15)
    expect([...queried].filter((name) => !names.has(name))).toEqual([])
  })
})

describe('Prometheus scrapes the Python kit', () => {
  // Its own Python server: the reports above must not mix into these figures.
  let kit: ServerProcess
  let prometheus: PrometheusProcess
  let fleet: ReportingFleet | undefined

  beforeAll(async () => {
    kit = await spawnPythonServer(['--host', '127.0.0.1', '--update-ms', '0'])
    prometheus = await startPrometheus({ target: `127.0.0.1:${kit.port}`, metricsPath: '/metrics/prometheus', scrapeIntervalMs: 1000, ruleFiles: [RULES] })
  }, 40_000)
  afterAll(async () => {
    fleet?.stop()
    await prometheus?.stop()
    await kit?.stop()
  })

  const numberOf = async (expr: string): Promise<number | null> => {
    const [sample] = await prometheus.query(expr)
    return sample === undefined ? null : Number(sample.value[1])
  }

  it('PromQL returns the success rate, open circuits, pings and freshness the clients produced', async () => {
    // One report each, sent by hand: a 60 s interval keeps the clients live (not stale) for the whole test.
    // Applying frames (as a store does) measures their freshness from the kit's publishedAt.
    fleet = await startReportingFleet(kit.wsBase, `${kit.url}/reports`, { intervalMs: 60_000, applyFrames: true })
    const { produced, attempts, successes } = await fleet.settle()
    expect(attempts).toBeGreaterThan(successes)

    const monitoring = (await (await fetch(`${kit.url}/monitoring`)).json()) as {
      totals: { reports: number }; connections: { successRate: number }; circuits: { open: number }; latency: { count: number }; freshness: { count: number }
    }
    expect(monitoring.totals.reports).toBe(2)
    await expect.poll(() => numberOf('zr_client_reports_total'), { timeout: 15_000, interval: 250 }).toBe(2)
    expect(await numberOf('sum(zr_client_connection_successes_total) / sum(zr_client_connection_attempts_total)')).toBeCloseTo(successes / attempts, 9)
    expect(monitoring.connections.successRate).toBeCloseTo(successes / attempts, 9)
    expect(await numberOf('sum(zr_fleet_circuits{state="open"})')).toBe(1)
    expect(monitoring.circuits.open).toBe(1)
    expect(await numberOf('sum(zr_fleet_circuits{state="closed"})')).toBe(3)
    expect(await numberOf('zr_client_connection_failures_total')).toBe(produced[1]?.failures)
    expect(monitoring.latency.count).toBeGreaterThan(0)
    expect(await numberOf('zr_client_rtt_ms_count')).toBe(monitoring.latency.count)
    expect(await numberOf('histogram_quantile(0.5, sum by (le) (zr_client_rtt_ms_bucket))')).toBeGreaterThanOrEqual(0)
    // The snapshots the healthy client applied (one per feed, more after a reconnect), aged from the kit's publishedAt.
    expect(monitoring.freshness.count).toBeGreaterThanOrEqual(2)
    expect(await numberOf('zr_client_freshness_ms_count')).toBe(monitoring.freshness.count)
    expect(await numberOf('zr_server_sockets_open')).toBe(3)
    expect(await numberOf('zr_server_messages_out_total')).toBeGreaterThan(0)

    // The alert rules load and evaluate without an error over the kit's series.
    const rules = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } }
    const loaded = rules.data.groups.flatMap((group) => group.rules)
    expect(loaded.length).toBe(10)
    await expect.poll(() => fetch(`${prometheus.url}/api/v1/rules`).then(async (response) =>
      ((await response.json()) as typeof rules).data.groups.flatMap((group) => group.rules).every((rule) => rule.health === 'ok')), { timeout: 10_000 }).toBe(true)
  }, 60_000)
})
