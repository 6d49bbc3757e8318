/** What the monitor reads: GET /monitoring and GET /alerts of the reference server (server/monitoring/). */
export interface Summary {
  p50: number | null
  p95: number | null
  p99: number | null
  mean: number | null
  count: number
}

export interface Monitoring {
  at: number
  windowMs: number
  clients: { live: number; stale: number; left: number; own: number; leaders: number; followers: number }
  connections: { total: number; successful: number; failed: number; successRate: number | null }
  circuits: { open: number; closed: number; halfOpen: number; openings: number; recoveries: number; recoveryRate: number | null }
  memory: { current: number | null; growthRate: number | null; leakDetected: boolean; clients: number }
  latency: Summary
  reconnect: Summary
  freshness: Summary
  users: { connected: number; disconnected: number; disconnectionRate: number | null }
  errors: { rate: number | null; failed: number; dropped: number; rejected: number }
  totals: { reports: number; attempts: number; successes: number; connectionSuccessRate: number | null }
}

export interface AlertStatus {
  name: string
  severity: 'rollback' | 'target'
  description: string
  comparison: '>' | '<'
  threshold: number
  unit: 'ratio' | 'ms' | 'bytes/h'
  value: number | null
  state: 'ok' | 'pending' | 'firing' | 'no_data'
  since: number
}
