import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../server/freePort'
import { stopChild } from '../../server/stopChild'

/** Debian's `prometheus` on 127.0.0.1 and a free port, with its own temp config and data dir. */
export interface PrometheusProcess {
  readonly url: string
  readonly pid: number | undefined
  /** An instant PromQL query over the HTTP API: the result vector (throws on a query error). */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>
  /** SIGTERM (SIGKILL after 5 s), then the temp dir is removed. */
  stop(): Promise<void>
}

export interface PrometheusOptions {
  /** `host:port` to scrape. */
  target: string
  metricsPath: string
  scrapeIntervalMs: number
  /** Absolute paths of rule files to load. */
  ruleFiles?: readonly string[]
}

const READY_TIMEOUT_MS = 30_000
const STOP_GRACE_MS = 5000

export const startPrometheus = async (options: PrometheusOptions): Promise<PrometheusProcess> => {
  const dir = await mkdtemp(join(tmpdir(), 'zr-prometheus-'))
  const port = await freePort()
  const interval = `${Math.max(1, Math.round(options.scrapeIntervalMs / 1000))}s`
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    ...(options.ruleFiles?.length ? ['rule_files:', ...options.ruleFiles.map((file) => `  - ${JSON.stringify(file)}`)] : []),
    'scrape_configs:',
    '  - job_name: zustand-realtime',
    `    metrics_path: ${JSON.stringify(options.metricsPath)}`,
    '    static_configs:',
    `      - targets: [${JSON.stringify(options.target)}]`,
    '',
  ].join('\n')
  await writeFile(join(dir, 'prometheus.yml'), config)
  const child = spawn('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] })
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000) })
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`cannot start prometheus (apt-get install -y prometheus): ${error.message}`)))
    child.once('spawn', () => resolve())
  })
  await spawned
  const url = `http://127.0.0.1:${port}`
  const stop = async (): Promise<void> => {
    await stopChild(child, STOP_GRACE_MS)
    await rm(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`)
    }
    const ready = await fetch(`${url}/-/ready`).then((response) => response.ok, () => false)
    if (ready) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`prometheus not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    pid: child.pid,
    async query(expr) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)
      const body = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } }
      if (body.status !== 'success' || body.data === undefined) throw new Error(`PromQL ${expr}: ${body.error ?? response.status}`)
      return body.data.resultType === 'vector' ? body.data.result : []
    },
    stop,
  }
}
