import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../bench/lib/virtualClock'

describe('VirtualClock (the outage model\'s simulated time)', () => {
  it('fires timers in time order (ties in the order they were set), and a cleared one never', async () => {
    const clock = new VirtualClock()
    const fired: string[] = []
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20)
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10)
    clock.setTimeout(() => fired.push(`a2@${clock.now()}`), 10)
    const cleared = clock.setTimeout(() => fired.push('cleared'), 15)
    clock.clearTimeout(cleared)
    await clock.runUntil(100)
    expect(fired).toEqual(['a@10', 'a2@10', 'b@20'])
    expect(clock.now()).toBe(100)
    expect(clock.pending).toBe(0)
  })

  it('stops at the given time, leaving later timers for the next run', async () => {
    const clock = new VirtualClock()
    const fired: number[] = []
    clock.setTimeout(() => fired.push(clock.now()), 50)
    clock.setTimeout(() => fired.push(clock.now()), 150)
    await clock.runUntil(100)
    expect(fired).toEqual([50])
    await clock.runUntil(200)
    expect(fired).toEqual([50, 150])
  })

  it('runs the promise callbacks a timer caused before the next timer (a fetch answered in simulated time)', async () => {
    const clock = new VirtualClock()
    const order: string[] = []
    const request = async (): Promise<void> => {
      await clock.sleep(5)
      // A response body read after the headers: more promise hops, all still at t = 5.
      for (let hop = 0; hop < 5; hop += 1) await Promise.resolve()
      order.push(`answered@${clock.now()}`)
      clock.setTimeout(() => order.push(`follow-up@${clock.now()}`), 1)
    }
    void request()
    // Due at the same time, set after the sleep: the answer's callback must have run before it.
    clock.setTimeout(() => order.push(`other@${clock.now()}`), 5)
    await clock.runUntil(10)
    expect(order).toEqual(['answered@5', 'other@5', 'follow-up@6'])
  })
})
