import { afterEach, expect, it } from 'vitest'
import { runToExit } from '../helpers/runToExit'
import { spawnPythonServer, type ServerProcess } from '../helpers/serverProcess'

const conformanceCli = (args: readonly string[]) => runToExit(process.execPath, ['--import', 'tsx', 'src/conformance/cli.ts', ...args])

let server: ServerProcess | null = null
afterEach(async () => {
  await server?.stop('SIGKILL')
  server = null
})

it('exits 0 against a conforming backend, printing one PASS/SKIP row each with its evidence', async () => {
  server = await spawnPythonServer(['--update-ms', '200'])
  const { code, output } = await conformanceCli(['--url', server.url, '--skip-idle', '--observe-ms', '1000', '--endpoints', 'queue,system-status'])
  expect(code, output).toBe(0)
  expect(output).toMatch(/PASS {2}required {2}snapshot-first/)
  expect(output).toMatch(/SKIP {2}optional {2}token .*\n {6}pass --token T/)
  expect(output).toMatch(/the backend conforms/)
}, 60_000)

it('--json prints the report, and --pid stops the server for the 1012 row', async () => {
  server = await spawnPythonServer(['--update-ms', '200'])
  const args = ['--url', server.url, '--skip-idle', '--observe-ms', '500', '--endpoints', 'queue,routes', '--json', '--pid', String(server.child.pid)]
  const { code, output } = await conformanceCli(args)
  expect(code, output).toBe(0)
  const report = JSON.parse(output) as { ok: boolean; rows: { id: string; status: string; evidence: string }[] }
  expect(report.ok).toBe(true)
  expect(report.rows.find((row) => row.id === 'shutdown')).toMatchObject({ status: 'pass', evidence: expect.stringMatching(/^2\/2 closed 1012/) })
  expect(await server.stop()).toBe(0)
}, 60_000)

it('exits 1 against the old backend and says what each missing optional feature costs', async () => {
  server = await spawnPythonServer(['--update-ms', '200', '--legacy'])
  const { code, output } = await conformanceCli(['--url', server.url, '--skip-idle', '--observe-ms', '1000', '--timeout-ms', '2000'])
  expect(code, output).toBe(1)
  expect(output).toMatch(/FAIL {2}required {2}topic-scoping/)
  expect(output).toMatch(/→ no pong: the client will turn its heartbeat off for this server/)
  expect(output).toMatch(/does NOT conform \(required rows failed: snapshot-first, topic-scoping\)/)
}, 60_000)

it('exits 2 with the usage when --url is missing or a number is bad', async () => {
  for (const args of [[], ['--url', 'http://127.0.0.1:1', '--idle-ms', 'soon']]) {
    const { code, output } = await conformanceCli(args)
    expect(code).toBe(2)
    expect(output).toMatch(/usage: zustand-realtime-conformance --url/)
  }
})
