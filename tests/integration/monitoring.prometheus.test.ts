import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/createServer'
import { ALERT_RULES } from '../../server/monitoring/alerts'
import { startPrometheus, type PrometheusProcess } from '../helpers/prometheusProcess'
import { startReportingFleet, type ReportingFleet } from '../helpers/reportingFleet'

/**
 * A real Prometheus (Debian's, on loopback, own temp dir, stopped by PID) scrapes the reference
 * server's /metrics/prometheus while real clients report to its collector; PromQL over the HTTP
 * API returns the success rate and the open circuits those clients produced.
 */
const RULES = fileURLToPath(new URL('../../monitoring/alerts.rules.yml', import.meta.url))
const RULE_TESTS = fileURLToPath(new URL('../../monitoring/alerts.test.yml', import.meta.url))
const DASHBOARD = fileURLToPath(new URL('../../monitoring/grafana-dashboard.json', import.meta.url))

let server: RunningServer
let prometheus: PrometheusProcess
let fleet: ReportingFleet | undefined

const numberOf = async (expr: string): Promise<number | null> => {
  const [sample] = await prometheus.query(expr)
  return sample === undefined ? null : Number(sample.value[1])
}

beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', updateIntervalMs: 200, monitoring: { alertForMs: 0, staleIntervals: 60 } })
  prometheus = await startPrometheus({ target: `127.0.0.1:${server.port}`, metricsPath: '/metrics/prometheus', scrapeIntervalMs: 1000, ruleFiles: [RULES] })
}, 40_000)

afterAll(async () => {
  fleet?.stop()
  await prometheus?.stop()
  await server?.close()
})

describe('Prometheus scrapes the fleet figures', () => {
  it('PromQL returns the connection success rate and the open circuits the clients produced', async () => {
    // Clients report every second and then stop: they stay live (not stale) for the whole test.
    fleet = await startReportingFleet(server.wsBase, `${server.url}/reports`, { intervalMs: 1000 })
    const { produced, attempts, successes } = await fleet.settle()
    expect(attempts).toBeGreaterThan(successes)
    expect(produced[1]?.failures).toBeGreaterThanOrEqual(3)

    // Wait for a scrape after the last reports.
    const reports = server.collector.totals().reports
    await expect.poll(() => numberOf('zr_client_reports_total'), { timeout: 15_000, interval: 250 }).toBe(reports)
    expect(await numberOf('sum(zr_client_connection_successes_total) / sum(zr_client_connection_attempts_total)')).toBeCloseTo(successes / attempts, 9)
    expect(await numberOf('sum(zr_fleet_circuits{state="open"})')).toBe(1)
    expect(await numberOf('sum(zr_fleet_circuits{state="closed"})')).toBe(3)
    expect(await numberOf('zr_client_connection_failures_total')).toBe(produced[1]?.failures)
    // The merged RTT histogram is there for histogram_quantile, with every ping the clients reported.
    const pings = server.collector.totals().histograms.rttMs.count
    expect(pings).toBeGreaterThan(0)
    expect(await numberOf('zr_client_rtt_ms_count')).toBe(pings)
    expect(await numberOf('zr_client_rtt_ms_bucket{le="+Inf"}')).toBe(pings)
    expect(await numberOf('histogram_quantile(0.5, sum by (le) (zr_client_rtt_ms_bucket))')).toBeGreaterThanOrEqual(0)
    // The server's own counters sit beside the fleet's.
    expect(await numberOf('zr_server_sockets_open')).toBe(3)
    expect(await numberOf('zr_server_messages_out_total')).toBeGreaterThan(0)

    // The JSON view agrees.
    const monitoring = (await (await fetch(`${server.url}/monitoring`)).json()) as { connections: { successRate: number }; circuits: { open: number } }
    expect(monitoring.connections.successRate).toBeCloseTo(successes / attempts, 9)
    expect(monitoring.circuits.open).toBe(1)
  }, 60_000)

  it('loads the alerting rules, and every Grafana panel query is valid PromQL', async () => {
    const rules = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } }
    const loaded = rules.data.groups.flatMap((group) => group.rules)
    expect(loaded.map((rule) => rule.name).sort()).toEqual(ALERT_RULES.map((rule) => rule.name).sort())
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] }
    const queries = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr))
    expect(queries.length).toBeGreaterThan(10)
    for (const expr of queries) await expect(prometheus.query(expr), expr).resolves.toBeDefined()
  }, 30_000)
})

describe('promtool', () => {
  it('check rules accepts monitoring/alerts.rules.yml', () => {
    const output = execFileSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' })
    expect(output).toMatch(/SUCCESS: 10 rules found/)
  })

  it('test rules: the rules fire at the plan\'s thresholds (monitoring/alerts.test.yml)', () => {
    const output = execFileSync('promtool', ['test', 'rules', RULE_TESTS], { encoding: 'utf8' })
    expect(output).toMatch(/SUCCESS/)
  })
})
