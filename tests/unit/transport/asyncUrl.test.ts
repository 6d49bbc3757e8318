import { describe, expect, it, vi } from 'vitest'
import { advance, setup, useFakeTransportTimers } from './fixture'

useFakeTransportTimers()

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {}
  let reject: (error: unknown) => void = () => {}
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej })
  return { promise, resolve, reject }
}

const flush = () => vi.advanceTimersByTimeAsync(0)

describe('async url', () => {
  it('is resolved before each connect; one connect stays in flight meanwhile', async () => {
    let token = 0
    const url = vi.fn(async () => `ws://h/ws/queue?token=t${++token}`)
    const { pool, sockets, transitions } = setup({ endpoints: [{ name: 'queue', url, priority: 1 }] })
    void pool.connect()
    expect(sockets.all).toHaveLength(0)
    expect(pool.health('queue').status).toBe('connecting')
    void pool.connect() // no second resolution, no second socket
    await flush()
    expect(url).toHaveBeenCalledTimes(1)
    expect(sockets.all.map((s) => s.url)).toEqual(['ws://h/ws/queue?token=t1'])
    expect(transitions.map((t) => t.reason)).toContain('resolving url')
    sockets.last('queue').open()
    advance(1000)
    sockets.last('queue').fail()
    await vi.advanceTimersByTimeAsync(100)
    expect(sockets.all.map((s) => s.url)).toEqual(['ws://h/ws/queue?token=t1', 'ws://h/ws/queue?token=t2'])
  })

  it('a rejected url is a failed attempt: lastError says what to fix, and it retries with backoff', async () => {
    let calls = 0
    const url = async () => {
      if (++calls === 1) throw new Error('token endpoint answered 503')
      return 'ws://h/ws/queue'
    }
    const { pool, sockets } = setup({ endpoints: [{ name: 'queue', url, priority: 1 }] })
    void pool.connect()
    await flush()
    expect(sockets.all).toHaveLength(0)
    expect(pool.health('queue')).toMatchObject({ status: 'reconnecting', reconnectAttempts: 1 })
    expect(pool.health('queue').lastError?.message).toBe(
      'could not get the url of queue: token endpoint answered 503 — the endpoint\'s `url` function threw or rejected (check its token request); retrying with backoff',
    )
    await vi.advanceTimersByTimeAsync(1500) // 1000 · 2^0 + 0.5 · jitterMax
    expect(sockets.all).toHaveLength(1)
  })

  it('a url function that throws synchronously is a failed attempt too', () => {
    const { pool, sockets } = setup({ endpoints: [{ name: 'queue', url: () => { throw new Error('no region') }, priority: 1 }] })
    void pool.connect()
    expect(sockets.all).toHaveLength(0)
    expect(pool.health('queue').lastError?.message).toContain('could not get the url of queue: no region')
    expect(pool.health('queue').nextRetryAt).not.toBeNull()
  })

  it('a url that resolves to something that is not a URL string fails for good, saying so', async () => {
    const { pool } = setup({ endpoints: [{ name: 'queue', url: async () => '', priority: 1 }] })
    void pool.connect()
    await flush()
    expect(pool.health('queue')).toMatchObject({ status: 'disconnected', nextRetryAt: null })
    expect(pool.health('queue').lastError?.message).toBe('the url of queue must be a non-empty string, got "" — fix the endpoint\'s `url`')
  })

  it('stop() while the url promise is pending opens no socket and leaves no timer', async () => {
    const pending = deferred<string>()
    const { pool, sockets } = setup({ endpoints: [{ name: 'queue', url: () => pending.promise, priority: 1 }] })
    void pool.connect()
    pool.disconnect()
    pending.resolve('ws://h/ws/queue')
    await flush()
    expect(sockets.all).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
    expect(pool.health('queue').status).toBe('disconnected')
  })

  it('a rejection after stop() records nothing and schedules nothing', async () => {
    const pending = deferred<string>()
    const { pool } = setup({ endpoints: [{ name: 'queue', url: () => pending.promise, priority: 1 }] })
    void pool.connect()
    pool.disconnect()
    pending.reject(new Error('late'))
    await flush()
    expect(pool.health('queue').lastError).toBeNull()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('hosts are grouped by the url that resolved (shared recovery works with async urls)', async () => {
    const url = (name: string) => async () => `ws://same-host/ws/${name}`
    const { pool, sockets, transitions } = setup({ endpoints: [{ name: 'queue', url: url('queue'), priority: 1 }, { name: 'routes', url: url('routes'), priority: 2 }] })
    void pool.connect()
    await vi.advanceTimersByTimeAsync(200)
    for (const s of sockets.all) s.open()
    advance(1000)
    for (const s of sockets.live()) s.fail()
    expect(transitions).toContainEqual(expect.objectContaining({ name: 'routes', to: 'waiting for host', reason: 'host outage: queue probes' }))
    expect(pool.health('routes').status).toBe('reconnecting')
  })
})

describe('async url: no leaks', () => {
  it('200 connect/disconnect cycles with urls resolving early, late or never leave no socket, timer or pending open', async () => {
    const pending: ReturnType<typeof deferred<string>>[] = []
    const url = () => {
      const next = deferred<string>()
      pending.push(next)
      return next.promise
    }
    const { pool, sockets } = setup({ endpoints: [{ name: 'queue', url, priority: 1 }, { name: 'routes', url, priority: 2 }] })
    for (let cycle = 0; cycle < 200; cycle++) {
      void pool.connect()
      await vi.advanceTimersByTimeAsync(cycle % 3 === 0 ? 0 : 150)
      const settleNow = pending.splice(0, cycle % 2 === 0 ? 1 : pending.length)
      for (const p of settleNow) p.resolve('ws://h/ws/queue')
      await flush()
      for (const s of sockets.live()) if (cycle % 4 === 0) s.open()
      pool.disconnect()
    }
    for (const p of pending.splice(0)) p.resolve('ws://h/ws/late')
    await flush()
    expect(sockets.live()).toEqual([])
    expect(sockets.all.some((s) => s.url.endsWith('/late'))).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('auth.refresh() on 4401', () => {
  it('calls refresh() once and reconnects with the re-resolved url; a second 4401 in a row is final', async () => {
    let token = 'old'
    const refresh = vi.fn(async () => { token = 'new' })
    const { pool, sockets, transitions } = setup({ endpoints: [{ name: 'queue', url: async () => `ws://h/ws/queue?token=${token}`, priority: 1, auth: { refresh } }] })
    void pool.connect()
    await flush()
    sockets.last('queue').open()
    sockets.last('queue').serverClose(4401, 'unauthorized')
    expect(pool.health('queue')).toMatchObject({ status: 'reconnecting', lastError: { code: 4401 } })
    expect(pool.health('queue').lastError?.message).toContain('refreshing credentials')
    await vi.advanceTimersByTimeAsync(100) // the refresh, then the scheduler's stagger slot
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(sockets.all.map((s) => s.url)).toEqual(['ws://h/ws/queue?token=old', 'ws://h/ws/queue?token=new'])
    expect(transitions.map((t) => t.reason)).toContain('credentials refreshed')
    sockets.last('queue').open()
    sockets.last('queue').serverClose(4401, 'unauthorized')
    await vi.advanceTimersByTimeAsync(600_000)
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(sockets.all).toHaveLength(2)
    expect(pool.health('queue')).toMatchObject({ status: 'disconnected', nextRetryAt: null, lastError: { code: 4401 } })
    expect(pool.health('queue').lastError?.message).toContain('not retried')
  })

  it('a 4401 after a socket was served (the token expired later) refreshes again', async () => {
    const refresh = vi.fn()
    const { pool, sockets } = setup({ auth: { refresh }, heartbeat: false })
    void pool.connect()
    for (let round = 1; round <= 3; round++) {
      sockets.last('queue').open()
      sockets.last('queue').receive({ type: 'queue_update', data: round })
      advance(60_000)
      sockets.last('queue').serverClose(4401)
      await flush()
      expect(refresh).toHaveBeenCalledTimes(round)
      expect(sockets.all).toHaveLength(round + 1)
    }
    expect(pool.health('queue').status).toBe('reconnecting')
  })

  it('a refresh that fails makes the 4401 final, with the reason', async () => {
    const { pool, sockets } = setup({ auth: { refresh: () => Promise.reject(new Error('refresh token revoked')) } })
    void pool.connect()
    sockets.last('queue').open()
    sockets.last('queue').serverClose(4401)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sockets.all).toHaveLength(1)
    expect(pool.health('queue')).toMatchObject({ status: 'disconnected', lastError: { code: 4401 } })
    expect(pool.health('queue').lastError?.message).toContain('auth.refresh() of queue failed: refresh token revoked')
  })

  it('disconnect() during the refresh opens nothing afterwards', async () => {
    const pending = deferred<void>()
    const { pool, sockets } = setup({ auth: { refresh: () => pending.promise } })
    void pool.connect()
    sockets.last('queue').open()
    sockets.last('queue').serverClose(4401)
    pool.disconnect()
    pending.resolve()
    await flush()
    expect(sockets.all).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('without auth, 4401 stays final at once (as before); other fatal codes never call refresh', async () => {
    const refresh = vi.fn()
    const plain = setup()
    void plain.pool.connect()
    plain.sockets.last('queue').open()
    plain.sockets.last('queue').serverClose(4401)
    expect(plain.pool.health('queue').status).toBe('disconnected')
    const withAuth = setup({ auth: { refresh } })
    void withAuth.pool.connect()
    withAuth.sockets.last('queue').open()
    withAuth.sockets.last('queue').serverClose(4403)
    await flush()
    expect(refresh).not.toHaveBeenCalled()
    expect(withAuth.pool.health('queue').status).toBe('disconnected')
  })

  it('auth that is not { refresh() } is refused with an Error', () => {
    const auth = { refresh: () => {} }
    Reflect.set(auth, 'refresh', 'soon') // what a JavaScript caller can pass
    expect(() => setup({ auth })).toThrow('auth must be { refresh(): Promise<void> | void }')
  })
})
