import { parseArgs } from 'node:util'
import type { DashboardStoreOptions } from '../src/store/createDashboardStore'

/** What one soak run does; every field has a CLI flag (see USAGE). */
export interface SoakConfig {
  /** Length of the chaos phase (setup and the final check come on top). */
  minutes: number
  seed: number
  /** Node dashboard stores (8 sockets each). */
  clients: number
  /** Add one Chromium page running the demo (needs Vite + /usr/bin/chromium). */
  browser: boolean
  /** Server generator rate while not checking. */
  updateMs: number
  /** Where `<name>.md` and `<name>.json` go. */
  outDir: string
  /** File name without extension; default: 'latest'. */
  name: string
  /** Print one line per event. */
  verbose: boolean
}

export const USAGE = `usage: npm run soak -- [--minutes 3] [--seed 1] [--clients 20] [--no-browser] [--update-ms 500]
                      [--out soak/results] [--name latest] [--quiet]`

export function parseSoakArgs(argv: readonly string[]): SoakConfig {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      minutes: { type: 'string' },
      seed: { type: 'string' },
      clients: { type: 'string' },
      'no-browser': { type: 'boolean' },
      'update-ms': { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  })
  const number = (text: string | undefined, fallback: number, flag: string, min = 0): number => {
    if (text === undefined) return fallback
    const value = Number(text)
    if (!Number.isFinite(value) || value < min) throw new Error(`--${flag} must be a number ≥ ${min}, got "${text}"`)
    return value
  }
  return {
    minutes: number(values.minutes, 3, 'minutes', 0.25),
    seed: Math.floor(number(values.seed, 1, 'seed')),
    clients: Math.floor(number(values.clients, 20, 'clients', 1)),
    browser: values['no-browser'] !== true,
    updateMs: number(values['update-ms'], 500, 'update-ms', 50),
    outDir: values.out ?? 'soak/results',
    name: values.name ?? 'latest',
    verbose: values.quiet !== true,
  }
}

/**
 * The transport settings of the soak's Node clients: the library defaults (SPEC §5: backoff
 * 1 s·2^n + U(0,1 s) capped at 30 s, first retry ≤ 100 ms, breaker 5 failures, 3 half-open
 * probes, minUptime 1 s, stagger 100 ms) except three time-compressed values, so a few minutes
 * hold many faults: heartbeat 5 s / 2 s (default 30 s / 5 s), circuit recoveryTimeout 15 s
 * (default 60 s), polling every 2 s (default 5 s).
 */
export const NODE_CLIENT_PROFILE = {
  heartbeat: { interval: 5000, timeout: 2000 },
  circuitBreaker: { recoveryTimeout: 15_000 },
  pollIntervalMs: 2000,
} as const satisfies Partial<DashboardStoreOptions>

/**
 * The browser page's query (src/demo/pageConfig.ts): the same heartbeat and a 2 s hidden grace (they
 * only decide how fast a dead or hidden socket is noticed); everything that decides how it comes
 * back — backoff, breaker (`recoveryTimeout` 60 s), polling (5 s) — is the library default, so the
 * page's recovery times are the "reconnection < 5 s" figure a user would see.
 */
export const PAGE_QUERY = { heartbeatInterval: 5000, heartbeatTimeout: 2000, hiddenGraceMs: 2000 } as const

/** How long participants get to recover after a fault is lifted before it counts as a failure. */
export const RECOVERY_LIMIT_MS = { node: 60_000, browser: 100_000 } as const
/** How long every store gets to reach the server's snapshot once updates are paused. */
export const CONVERGE_LIMIT_MS = 10_000
