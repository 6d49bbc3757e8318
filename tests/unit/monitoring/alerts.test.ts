import { describe, expect, it } from 'vitest'
import { ALERT_RULES, AlertEvaluator, type AlertInputs } from '../../../server/monitoring/alerts'
import { createCollector } from '../../../server/monitoring/collector'
import { makeReport } from '../../helpers/reports'

const noData: AlertInputs = { successRate: null, failureRate: null, errorRate: null, reconnectMeanMs: null, circuitRecoveryRate: null, disconnectionRate: null, memoryGrowthPerHour: null, freshnessP95Ms: null }
const stateOf = (statuses: ReturnType<AlertEvaluator['evaluate']>, name: string) => statuses.find((status) => status.name === name)

describe('alert rules: the plan\'s thresholds', () => {
  it('ships the four rollback triggers, five success targets and the freshness target with the plan\'s numbers', () => {
    const table = Object.fromEntries(ALERT_RULES.map((rule) => [rule.name, `${rule.severity} ${rule.comparison} ${rule.threshold}`]))
    expect(table).toEqual({
      ErrorRateHigh: 'rollback > 0.05',
      ConnectionFailuresHigh: 'rollback > 0.1',
      MemoryGrowthRollback: 'rollback > 100000000',
      DisconnectedUsersRollback: 'rollback > 0.2',
      ConnectionSuccessBelowTarget: 'target < 0.99',
      MemoryGrowthAboveTarget: `target > ${10_000_000 / 24}`,
      ReconnectSlow: 'target > 5000',
      CircuitRecoveryLow: 'target < 0.9',
      DisconnectedUsersAboveTarget: 'target > 0.01',
      FreshnessSlow: 'target > 1000',
    })
  })

  it('no figure is no_data; a breach is pending for forMs, then firing; back under is ok at once; since moves only on a change', () => {
    const evaluator = new AlertEvaluator(60_000)
    expect(stateOf(evaluator.evaluate(noData, 0), 'ConnectionFailuresHigh')).toMatchObject({ state: 'no_data', value: null, since: 0 })
    expect(stateOf(evaluator.evaluate({ ...noData, failureRate: 0.05 }, 1000), 'ConnectionFailuresHigh')).toMatchObject({ state: 'ok', since: 1000 })
    expect(stateOf(evaluator.evaluate({ ...noData, failureRate: 0.5 }, 2000), 'ConnectionFailuresHigh')).toMatchObject({ state: 'pending', value: 0.5, since: 2000 })
    expect(stateOf(evaluator.evaluate({ ...noData, failureRate: 0.4 }, 61_999), 'ConnectionFailuresHigh')).toMatchObject({ state: 'pending', since: 2000 })
    expect(stateOf(evaluator.evaluate({ ...noData, failureRate: 0.4 }, 62_000), 'ConnectionFailuresHigh')).toMatchObject({ state: 'firing', since: 62_000 })
    expect(stateOf(evaluator.evaluate({ ...noData, failureRate: 0.4 }, 90_000), 'ConnectionFailuresHigh')).toMatchObject({ state: 'firing', since: 62_000 })
    expect(stateOf(evaluator.evaluate({ ...noData, failureRate: 0.1 }, 91_000), 'ConnectionFailuresHigh')).toMatchObject({ state: 'ok', since: 91_000 })
    // A new breach starts its wait again.
    expect(stateOf(evaluator.evaluate({ ...noData, failureRate: 0.2 }, 92_000), 'ConnectionFailuresHigh')).toMatchObject({ state: 'pending' })
  })

  it('a "below" rule fires under its threshold', () => {
    const evaluator = new AlertEvaluator(0)
    expect(stateOf(evaluator.evaluate({ ...noData, successRate: 0.98 }, 0), 'ConnectionSuccessBelowTarget')?.state).toBe('firing')
    expect(stateOf(evaluator.evaluate({ ...noData, successRate: 0.995 }, 1), 'ConnectionSuccessBelowTarget')?.state).toBe('ok')
  })

  it('the collector feeds the rules from the fleet: 11 % failed connects fire the rollback trigger, 9 % do not', () => {
    let now = 0
    const collector = createCollector({ now: () => now, alertForMs: 0 })
    collector.ingest(makeReport({ client: 'a', seq: 1, counters: { attempts: 100, successes: 91, failures: 9 } }))
    const quiet = collector.alerts()
    expect(stateOf(quiet, 'ConnectionFailuresHigh')).toMatchObject({ state: 'ok', value: 0.09 })
    expect(stateOf(quiet, 'ConnectionSuccessBelowTarget')).toMatchObject({ state: 'firing', value: 0.91 })
    now += 1000
    collector.ingest(makeReport({ client: 'a', seq: 2, counters: { attempts: 100, successes: 87, failures: 13 } }))
    expect(stateOf(collector.alerts(), 'ConnectionFailuresHigh')).toMatchObject({ state: 'firing', value: 0.11, since: 1000 })
  })

  it('slow reconnects (mean over the merged histogram) and poor circuit recovery fire their targets', () => {
    const collector = createCollector({ alertForMs: 0 })
    collector.ingest(makeReport({ client: 'a', seq: 1, reconnect: [1000, 12_000], counters: { circuitOpenings: 10, circuitRecoveries: 8 } }))
    const alerts = collector.alerts()
    expect(stateOf(alerts, 'ReconnectSlow')).toMatchObject({ state: 'firing', value: 6500 })
    expect(stateOf(alerts, 'CircuitRecoveryLow')).toMatchObject({ state: 'firing', value: 0.8 })
  })
})
