#!/usr/bin/env node
// `zustand-realtime-conformance --url http://127.0.0.1:8002` (or `npm run conformance -- --url …`):
// checks a running backend against docs/PROTOCOL.md; exit 0 only when every required row passes.
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { formatRow, formatSummary } from './format'
import { runConformance } from './run'
import type { ConformanceOptions } from './types'

const USAGE = `usage: zustand-realtime-conformance --url http://HOST:PORT [options]
  --endpoints a,b          feed names (default: the 8 dashboard feeds)
  --prefix /api/v1         path prefix of sockets (<prefix>/ws/<name>) and polling GETs (<prefix>/<name>)
  --token T                a token the server accepts: checks 4401 for a missing/wrong one
  --allowed-origin URL     an Origin the server allows: checks 1008 for another
  --max-per-endpoint N     the server's per-endpoint cap: checks 1013 + retryAfterMs for socket N+1
  --idle-ms MS             the server's idle time before server_ping (default 60000)
  --skip-idle              skip the server_ping / idle-drop rows (they take ~2 × idle)
  --max-frame-bytes N      the server's frame limit (default 65536)
  --observe-ms MS          how long to watch every feed for scoping and seq (default 3000)
  --timeout-ms MS          per-step wait (default 5000)
  --shutdown-cmd "CMD"     run CMD (sh -c) to stop the server: checks that every socket gets 1012
  --pid N                  or: SIGTERM this pid to stop it
  --json                   print the report as JSON`

const numberOf = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got "${text}"`)
  return value
}

const runShell = (command: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { stdio: 'inherit' })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`--shutdown-cmd exited with ${code}`))))
  })

const optionsFrom = (argv: readonly string[]): ConformanceOptions & { json: boolean } => {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      url: { type: 'string' },
      endpoints: { type: 'string' },
      prefix: { type: 'string' },
      token: { type: 'string' },
      'allowed-origin': { type: 'string' },
      'max-per-endpoint': { type: 'string' },
      'idle-ms': { type: 'string' },
      'skip-idle': { type: 'boolean' },
      'max-frame-bytes': { type: 'string' },
      'observe-ms': { type: 'string' },
      'timeout-ms': { type: 'string' },
      'shutdown-cmd': { type: 'string' },
      pid: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  if (values.url === undefined) throw new Error('--url is required')
  const pid = numberOf('pid', values.pid)
  const shutdownCmd = values['shutdown-cmd']
  if (pid !== undefined && shutdownCmd !== undefined) throw new Error('give --pid or --shutdown-cmd, not both')
  const shutdown = shutdownCmd !== undefined ? () => runShell(shutdownCmd) : pid !== undefined ? () => void process.kill(pid, 'SIGTERM') : undefined
  return {
    url: values.url,
    endpoints: values.endpoints?.split(',').map((name) => name.trim()).filter(Boolean),
    prefix: values.prefix,
    token: values.token,
    allowedOrigin: values['allowed-origin'],
    maxPerEndpoint: numberOf('max-per-endpoint', values['max-per-endpoint']),
    idleMs: numberOf('idle-ms', values['idle-ms']),
    skipIdle: values['skip-idle'] ?? false,
    maxFrameBytes: numberOf('max-frame-bytes', values['max-frame-bytes']),
    observeMs: numberOf('observe-ms', values['observe-ms']),
    timeoutMs: numberOf('timeout-ms', values['timeout-ms']),
    shutdown,
    json: values.json ?? false,
  }
}

const main = async (): Promise<void> => {
  let options
  try {
    options = optionsFrom(process.argv.slice(2))
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    console.error(USAGE)
    process.exit(2)
  }
  const { json, ...conformance } = options
  if (!json) console.log(`conformance of ${conformance.url} against docs/PROTOCOL.md\n`)
  const report = await runConformance({ ...conformance, onRow: json ? undefined : (row) => console.log(formatRow(row)) })
  if (json) console.log(JSON.stringify(report, null, 2))
  else console.log(`\n${formatSummary(report)}`)
  process.exit(report.ok ? 0 : 1)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(2)
})
