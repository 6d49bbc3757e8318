import { afterEach, describe, expect, it } from 'vitest'
import { wsPath } from '../../src/store/dashboard/feeds'
import { optionsFromCli } from '../../server/cliOptions'
import { createClientPool, getJson, waitClosed, waitFrames } from '../helpers/serverClient'
import { type ServerProcess, spawnServer } from '../helpers/serverProcess'

describe('reference server CLI', () => {
  const clients = createClientPool()
  let child: ServerProcess | null = null

  afterEach(async () => {
    await clients.closeAll()
    await child?.stop('SIGKILL')
    child = null
  })

  it('prints its real port, serves the feeds, and on SIGTERM closes sockets with 1012 and exits 0', async () => {
    child = await spawnServer(['--update-ms', '0', '--token', 'cli-token', '--control'])
    expect(child.output()).toMatch(/^reference server listening on ws:\/\/127\.0\.0\.1:\d+$/m)
    const url = child.wsBase + wsPath('adw-monitor')

    expect(await waitClosed(clients.open(url))).toEqual({ code: 4401, reason: 'unauthorized' })
    const client = clients.open(`${url}?token=cli-token`)
    await waitFrames(client, 'adw_monitor_update')
    expect((await getJson(`${child.url}/healthz`)).body).toEqual({ ok: true })

    const exitCode = await child.stop('SIGTERM')
    expect(await waitClosed(client)).toEqual({ code: 1012, reason: 'server restarting' })
    expect(exitCode).toBe(0)
  })

  it('reads flags first, then PORT/HOST/WS_TOKEN/SERVER_CONTROL/ALLOWED_ORIGINS, then defaults', () => {
    expect(optionsFromCli([], {})).toMatchObject({ port: 8002, host: '127.0.0.1', control: false, token: null, allowedOrigins: null })
    expect(
      optionsFromCli([], { PORT: '9000', HOST: '0.0.0.0', WS_TOKEN: 't', SERVER_CONTROL: '1', ALLOWED_ORIGINS: 'http://a, http://b' }),
    ).toMatchObject({ port: 9000, host: '0.0.0.0', token: 't', control: true, allowedOrigins: ['http://a', 'http://b'] })
    expect(
      optionsFromCli(['--port', '0', '--update-ms', '250', '--control', '--token', 'x', '--origins', 'http://c', '--seed', '7'], {
        PORT: '9000',
        WS_TOKEN: 't',
      }),
    ).toMatchObject({ port: 0, updateIntervalMs: 250, control: true, token: 'x', allowedOrigins: ['http://c'], seed: 7 })
    expect(() => optionsFromCli(['--port', 'abc'], {})).toThrow(/--port/)
    expect(() => optionsFromCli(['--bogus'], {})).toThrow()
  })
})
