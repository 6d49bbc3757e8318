import { describe, it } from 'vitest'
import { useE2E } from './harness'
import { backendRestartRecovers, networkLossRecovers } from './scenarios/recovery'

// SPEC §6.8: a backend restart and a network loss both recover to "Connected" without a reload.
describe('dashboard recovery', () => {
  const e2e = useE2E(async (running) => {
    if (!running.server.isRunning()) await running.server.restart()
  })

  it('reconnects all 8 feeds after the backend is killed and restarted on the same port, without a reload', () => backendRestartRecovers(e2e))

  it('goes off "Connected" when the browser goes offline and comes back when it is online again', () => networkLossRecovers(e2e))
})
