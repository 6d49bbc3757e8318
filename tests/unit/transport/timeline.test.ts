import { describe, expect, it } from 'vitest'
import type { Transition } from 'zustand-realtime/transport'
import { advance, endpoint, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

// The timeline (onTransition, the dev panel's log) is how a developer finds out what the
// transport did and why: each scenario below must tell its story, in order, with its reasons.

const story = (transitions: readonly Transition[], name = 'queue') =>
  transitions.filter((t) => t.name === name).map((t) => `${t.at} ${t.kind}: ${t.from} → ${t.to} (${t.reason})${t.code === undefined ? '' : ` [${t.code}]`}`)

const settle = async () => { for (let i = 0; i < 5; i++) await Promise.resolve() }

describe('the timeline', () => {
  it('connect, a drop, the tab hidden and shown, offline and online, disconnect', () => {
    const { pool, sockets, page, transitions } = setup({ hiddenGraceMs: 1000 })
    void pool.connect()
    sockets.last('queue').open()
    advance(1000)
    sockets.last('queue').serverClose(1011, 'restart')
    advance(100)
    sockets.last('queue').open()
    page.hide()
    advance(1000)
    page.show()
    advance(100)
    sockets.last('queue').open()
    page.goOffline()
    page.goOnline()
    advance(100)
    pool.disconnect()
    expect(story(transitions)).toEqual([
      '0 state: disconnected → queued (connect requested)',
      '0 state: queued → connecting (connect attempt)',
      '0 state: connecting → connected (connected)',
      '1000 state: connected → waiting to retry (closed 1011: restart) [1011]',
      '1050 state: waiting to retry → queued (retry)',
      '1050 state: queued → connecting (connect attempt)',
      '1100 state: connecting → connected (connected)',
      '2100 state: connected → paused (tab hidden)',
      '2100 state: paused → queued (resumed after hidden)',
      '2100 state: queued → connecting (connect attempt)',
      '2200 state: connecting → connected (connected)',
      '2200 state: connected → paused (browser offline)',
      '2200 state: paused → queued (resumed after offline)',
      '2200 state: queued → connecting (connect attempt)',
      '2300 state: connecting → disconnected (disconnect requested)',
    ])
  })

  it('failures open the circuit; the recovery probe closes it', () => {
    const { pool, sockets, transitions } = setup({ circuitBreaker: { failureThreshold: 2, recoveryTimeout: 10_000 } })
    void pool.connect()
    sockets.last('queue').fail()
    advance(2000)
    sockets.last('queue').fail()
    advance(10_000)
    sockets.last('queue').open()
    advance(1000)
    expect(story(transitions)).toEqual([
      '0 state: disconnected → queued (connect requested)',
      '0 state: queued → connecting (connect attempt)',
      '0 state: connecting → waiting to retry (closed 1006) [1006]',
      '1500 state: waiting to retry → queued (retry)',
      '1500 state: queued → connecting (connect attempt)',
      '2000 circuit: circuit closed → circuit open (2 consecutive failures)',
      '2000 state: connecting → waiting to retry (closed 1006) [1006]',
      '12000 state: waiting to retry → queued (retry)',
      '12000 circuit: circuit open → circuit half-open (recovery timeout elapsed: one probe)',
      '12000 state: queued → connecting (half-open probe)',
      '12000 state: connecting → connected (connected)',
      '13000 circuit: circuit half-open → circuit closed (connection stayed up)',
    ])
    expect(pool.metrics().endpoints.queue).toMatchObject({ attempts: 3, successes: 1, failures: 2, circuitOpenings: 1, circuitRecoveries: 1 })
  })

  it('a 4401 refreshes the credentials once; a second 4401 is final', async () => {
    let token = 'old'
    const { pool, sockets, transitions } = setup({ endpoints: [{ ...endpoint('queue', 1), url: () => `ws://h/ws/queue?token=${token}`, auth: { refresh: async () => { token = 'new' } } }] })
    void pool.connect()
    await settle()
    sockets.last('queue').open()
    sockets.last('queue').serverClose(4401)
    await settle()
    advance(100)
    await settle()
    sockets.last('queue').serverClose(4401)
    expect(story(transitions)).toEqual([
      '0 state: disconnected → queued (connect requested)',
      '0 state: queued → connecting (connect attempt)',
      '0 state: connecting → connected (connected)',
      '0 state: connected → waiting to retry (closed 4401: unauthorized — refreshing credentials (auth.refresh) and reconnecting once) [4401]',
      '0 state: waiting to retry → queued (credentials refreshed)',
      '100 state: queued → connecting (connect attempt)',
      '100 state: connecting → failed (closed 4401: unauthorized — not retried; fix the credentials or policy and reconnect) [4401]',
    ])
    expect(sockets.all.map((s) => s.url)).toEqual(['ws://h/ws/queue?token=old', 'ws://h/ws/queue?token=new'])
  })

  it('chaos: trip, reset, kill, blocked connects', () => {
    const { pool, sockets, transitions } = setup()
    void pool.connect()
    sockets.last('queue').open()
    advance(1000)
    pool.chaos.tripCircuit('queue')
    pool.chaos.resetCircuit('queue')
    advance(100)
    sockets.last('queue').open()
    pool.chaos.kill('queue')
    pool.chaos.blockConnects('queue', true)
    advance(2100)
    expect(story(transitions)).toEqual([
      '0 state: disconnected → queued (connect requested)',
      '0 state: queued → connecting (connect attempt)',
      '0 state: connecting → connected (connected)',
      '1000 chaos: chaos → chaos (chaos: trip circuit)',
      '1000 circuit: circuit closed → circuit open (circuit tripped (chaos))',
      '1000 state: connected → waiting to retry (circuit tripped (chaos))',
      '1000 chaos: chaos → chaos (chaos: reset circuit)',
      '1000 circuit: circuit open → circuit closed (circuit reset)',
      '1000 state: waiting to retry → queued (circuit reset)',
      '1000 state: queued → connecting (connect attempt)',
      '1100 state: connecting → connected (connected)',
      '1100 chaos: chaos → chaos (chaos: kill (1006))',
      '1100 state: connected → waiting to retry (closed 1006: chaos: killed) [1006]',
      '1100 chaos: chaos → chaos (chaos: block connects on)',
      '2600 state: waiting to retry → queued (retry)',
      '2600 state: queued → connecting (connect attempt)',
      '2601 state: connecting → waiting to retry (closed 1006: chaos: connects blocked) [1006]',
    ])
    expect(sockets.all).toHaveLength(2) // a blocked connect opens no socket
    expect(sockets.all[1]?.closedByClient?.code).toBe(4001) // what the server sees of a chaos kill
  })
})
