import { afterEach, describe, expect, it } from 'vitest'
import { ROWS } from '../../src/conformance'
import { LEGACY_LACKS, STRICT_SERVER_ARGS, conformanceOf, describeReport, failedRows } from '../helpers/conformanceRun'
import { spawnPythonServer, spawnServer, type ServerProcess } from '../helpers/serverProcess'

describe('protocol conformance of our own backends (every row configured, the server stopped for the shutdown row)', () => {
  let server: ServerProcess | null = null
  afterEach(async () => {
    await server?.stop('SIGKILL')
    server = null
  })

  it('the Node reference server passes every row', async () => {
    server = await spawnServer(STRICT_SERVER_ARGS)
    const report = await conformanceOf(server)
    expect(failedRows(report), describeReport(report)).toEqual([])
    expect(report.rows.filter((row) => row.status === 'skip')).toEqual([])
    expect(report.rows.map((row) => row.id)).toEqual(Object.keys(ROWS))
    expect(report.ok).toBe(true)
    expect(await server.stop()).toBe(0)
  }, 90_000)

  it('the Python FastAPI kit (server-python/) passes every row', async () => {
    server = await spawnPythonServer(STRICT_SERVER_ARGS)
    const report = await conformanceOf(server)
    expect(failedRows(report), describeReport(report)).toEqual([])
    expect(report.rows.filter((row) => row.status === 'skip')).toEqual([])
    expect(report.ok).toBe(true)
    expect(await server.stop()).toBe(0)
  }, 90_000)

  it('the Python legacy mode fails exactly the rows the old backend lacks, and the run fails', async () => {
    server = await spawnPythonServer([...STRICT_SERVER_ARGS, '--legacy'])
    const report = await conformanceOf(server)
    expect(failedRows(report), describeReport(report)).toEqual(LEGACY_LACKS)
    expect(report.ok).toBe(false)
    // Each missing optional feature says what the client loses.
    const pong = report.rows.find((row) => row.id === 'ping-pong')
    expect(pong?.loses).toMatch(/turn its heartbeat off/)
  }, 90_000)
})
