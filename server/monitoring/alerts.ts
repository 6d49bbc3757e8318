/** The plan's success targets and rollback triggers, evaluated over the collector's figures. */

export type AlertSeverity = 'rollback' | 'target'
export type AlertState = 'ok' | 'pending' | 'firing' | 'no_data'

export interface AlertRule {
  name: string
  severity: AlertSeverity
  description: string
  /** Fires when `value comparison threshold` holds. */
  comparison: '>' | '<'
  threshold: number
  unit: 'ratio' | 'ms' | 'bytes/h'
}

/** The figures the rules read; null = no data yet. */
export interface AlertInputs {
  successRate: number | null
  failureRate: number | null
  errorRate: number | null
  reconnectMeanMs: number | null
  circuitRecoveryRate: number | null
  disconnectionRate: number | null
  memoryGrowthPerHour: number | null
  freshnessP95Ms: number | null
}

const MB = 1_000_000

export const ALERT_RULES: readonly (AlertRule & { input: keyof AlertInputs })[] = [
  { name: 'ErrorRateHigh', severity: 'rollback', description: 'errors (failed connects, unreadable or rejected frames) over connects + frames > 5 %', comparison: '>', threshold: 0.05, unit: 'ratio', input: 'errorRate' },
  { name: 'ConnectionFailuresHigh', severity: 'rollback', description: 'failed connection attempts > 10 %', comparison: '>', threshold: 0.1, unit: 'ratio', input: 'failureRate' },
  { name: 'MemoryGrowthRollback', severity: 'rollback', description: 'memory growth > 100 MB per hour (median client)', comparison: '>', threshold: 100 * MB, unit: 'bytes/h', input: 'memoryGrowthPerHour' },
  { name: 'DisconnectedUsersRollback', severity: 'rollback', description: 'disconnected users > 20 %', comparison: '>', threshold: 0.2, unit: 'ratio', input: 'disconnectionRate' },
  { name: 'ConnectionSuccessBelowTarget', severity: 'target', description: 'connection success rate < 99 %', comparison: '<', threshold: 0.99, unit: 'ratio', input: 'successRate' },
  { name: 'MemoryGrowthAboveTarget', severity: 'target', description: 'memory growth > 10 MB per 24 h (median client)', comparison: '>', threshold: (10 * MB) / 24, unit: 'bytes/h', input: 'memoryGrowthPerHour' },
  { name: 'ReconnectSlow', severity: 'target', description: 'mean reconnection time > 5 s', comparison: '>', threshold: 5000, unit: 'ms', input: 'reconnectMeanMs' },
  { name: 'CircuitRecoveryLow', severity: 'target', description: 'circuits recovered per circuit opened < 90 %', comparison: '<', threshold: 0.9, unit: 'ratio', input: 'circuitRecoveryRate' },
  { name: 'DisconnectedUsersAboveTarget', severity: 'target', description: 'disconnected users > 1 %', comparison: '>', threshold: 0.01, unit: 'ratio', input: 'disconnectionRate' },
  { name: 'FreshnessSlow', severity: 'target', description: 'p95 publish → applied to the store > 1 s', comparison: '>', threshold: 1000, unit: 'ms', input: 'freshnessP95Ms' },
]

export interface AlertStatus extends AlertRule {
  value: number | null
  state: AlertState
  /** Server clock (ms since the epoch) when the alert entered this state. */
  since: number
}

/**
 * Each rule's state over time: a breach is `pending` for `forMs`, then `firing`; back under the
 * threshold is `ok` at once; no figure is `no_data`. `since` moves only when the state changes.
 */
export class AlertEvaluator {
  private readonly states = new Map<string, { state: AlertState; since: number; breachedSince: number | null }>()

  constructor(private readonly forMs: number) {}

  evaluate(inputs: AlertInputs, now: number): AlertStatus[] {
    return ALERT_RULES.map(({ input, ...rule }) => {
      const value = inputs[input]
      const breached = value !== null && (rule.comparison === '>' ? value > rule.threshold : value < rule.threshold)
      const previous = this.states.get(rule.name) ?? { state: 'no_data' as AlertState, since: now, breachedSince: null }
      const breachedSince = breached ? (previous.breachedSince ?? now) : null
      const state: AlertState = value === null ? 'no_data' : !breached ? 'ok' : now - (breachedSince ?? now) >= this.forMs ? 'firing' : 'pending'
      const since = state === previous.state && this.states.has(rule.name) ? previous.since : now
      this.states.set(rule.name, { state, since, breachedSince })
      return { ...rule, value, state, since }
    })
  }
}
