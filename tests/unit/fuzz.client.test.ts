import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DASHBOARD_FEEDS, FEED_NAMES, type FeedName } from 'zustand-realtime'
import { expectedOutcome, hostileCorpus, hostileFrameArbitrary, pollutingButValid, type FrameData, type Outcome } from '../../soak/hostileFrames'
import { allPlainPrototypes, openFuzzStore, prototypeFingerprint, type FuzzStore, type Observation } from '../helpers/soakFuzzStore'

/**
 * Hostile frames through pool → dashboard store (SPEC §3 "Bad input", §6.7): nothing throws,
 * nothing pollutes Object.prototype, each bad frame is counted or recorded in the feed's
 * lastError and dataError (a frame of a type no feed owns too, SPEC §6.7; one of another feed's
 * type is routed there, SPEC §10), the socket stays up, and the good frame sent after each bad
 * one still lands and clears dataError.
 */

const MAX_BYTES = 4 * 1024 * 1024 // the transport's default maxMessageBytes
const SMALL_LIMIT = 2048

let fixture: FuzzStore | null = null
let consoleError: ReturnType<typeof vi.spyOn>
const fingerprint = prototypeFingerprint()

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
  consoleError = vi.spyOn(console, 'error')
})

afterEach(() => {
  fixture?.close()
  fixture = null
  vi.useRealTimers()
  expect(consoleError, 'console.error calls').not.toHaveBeenCalled()
  consoleError.mockRestore()
  expect(prototypeFingerprint(), 'built-in prototypes changed').toEqual(fingerprint)
  expect(Reflect.get({}, 'polluted'), 'Object.prototype polluted').toBeUndefined()
})

/** Checks what one frame did against the oracle's outcome; returns a description for messages. */
function checkOutcome(outcome: Outcome, before: Observation, after: Observation, label: string): void {
  switch (outcome) {
    case 'dropped':
      expect(after.dropped, `${label}: counted as dropped`).toBe(before.dropped + 1)
      expect(after.lastError, `${label}: reported in lastError`).not.toBe(before.lastError)
      expect(after.lastError?.message, label).toMatch(/^dropped /)
      expect(after.slice, label).toBe(before.slice)
      break
    case 'rejected':
      expect(after.dropped, label).toBe(before.dropped)
      expect(after.lastError, `${label}: reported in lastError`).not.toBe(before.lastError)
      expect(after.lastError?.message, label).toMatch(/rejected by its schema/)
      expect(after.dataError?.message, `${label}: shown as a data error`).toBe(after.lastError?.message)
      expect(after.slice, label).toBe(before.slice)
      expect(after.seq, label).toBe(before.seq)
      break
    case 'lands':
      expect(after.dropped, label).toBe(before.dropped)
      expect(after.lastError, label).toBe(before.lastError)
      break
    case 'foreign':
      // SPEC §6.7: an unknown type is bad input too, reported in the feed's lastError and dataError.
      expect(after.dropped, label).toBe(before.dropped)
      expect(after.lastError, `${label}: reported in lastError`).not.toBe(before.lastError)
      expect(after.dataError?.message, label).toMatch(/^unknown message type/)
      expect(after.slice, label).toBe(before.slice)
      expect(after.seq, label).toBe(before.seq)
      break
    case 'routed':
      // SPEC §10: another feed's type goes to that feed; this one only counts it.
      expect(after.foreign, `${label}: counted as foreign`).toBe(before.foreign + 1)
      expect(after.lastError, label).toBe(before.lastError)
      expect(after.slice, label).toBe(before.slice)
      expect(after.seq, label).toBe(before.seq)
      break
    case 'heartbeat':
      expect(after.dropped, label).toBe(before.dropped)
      expect(after.slice, label).toBe(before.slice)
      expect(after.seq, label).toBe(before.seq)
      break
  }
}

/** Sends one hostile frame and then one valid frame; asserts both outcomes and that the socket stayed up. */
async function hostileThenGood(fx: FuzzStore, feed: FeedName, data: FrameData, maxBytes: number, label: string): Promise<Outcome> {
  const outcome = expectedOutcome(feed, data, maxBytes)
  const before = fx.observe(feed)
  await fx.deliver(feed, data)
  checkOutcome(outcome, before, fx.observe(feed), label)
  const good = fx.nextValid(feed)
  await fx.deliver(feed, JSON.stringify(good))
  const landed = fx.observe(feed)
  expect(landed.seq, `${label}: the good frame after it landed`).toBe(good.seq)
  expect(isDeepStrictEqual(landed.slice, good.data), `${label}: the good frame's data`).toBe(true)
  expect(landed.dataError, `${label}: the good frame clears the data error`).toBeNull()
  expect(fx.socketOf(feed).closedByClient, `${label}: socket stays up`).toBeNull()
  expect(fx.store.getState().connections[feed]?.status, label).toBe('connected')
  return outcome
}

describe('client fuzz: a fixed hostile corpus', () => {
  it.each(FEED_NAMES.map((feed) => [feed]))('on %s: every bad frame is counted or rejected, reported, and loses nothing', async (feed) => {
    fixture = await openFuzzStore()
    const seen = new Map<Outcome, number>()
    for (const { name, data } of hostileCorpus(feed, MAX_BYTES)) {
      const outcome = await hostileThenGood(fixture, feed, data, MAX_BYTES, name)
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1)
    }
    expect(seen.get('dropped')).toBeGreaterThanOrEqual(15)
    expect(seen.get('rejected')).toBeGreaterThanOrEqual(10)
    // The other feeds never noticed.
    for (const other of FEED_NAMES.filter((name) => name !== feed)) {
      expect(fixture.observe(other).dropped).toBe(0)
      expect(fixture.observe(other).lastError).toBeNull()
    }
  }, 60_000)

  it('a frame one character over maxMessageBytes is dropped; one at the limit with a bad shape is rejected by the reducer', async () => {
    fixture = await openFuzzStore({ maxMessageBytes: SMALL_LIMIT })
    const pad = (length: number) => {
      const head = '{"type":"queue_update","data":"'
      return `${head}${'x'.repeat(length - head.length - 2)}"}`
    }
    expect(await hostileThenGood(fixture, 'queue', pad(SMALL_LIMIT + 1), SMALL_LIMIT, 'over the limit')).toBe('dropped')
    expect(await hostileThenGood(fixture, 'queue', pad(SMALL_LIMIT), SMALL_LIMIT, 'at the limit')).toBe('rejected')
    expect(fixture.observe('queue').lastError?.message).toBe('queue: queue_update rejected by its schema: data: expected an object, got string')
  })

  it('prototype-pollution keys in otherwise valid frames land as plain data and pollute nothing', async () => {
    fixture = await openFuzzStore()
    for (const { name } of DASHBOARD_FEEDS) {
      const frame = fixture.nextValid(name)
      const text = pollutingButValid(frame)
      expect(expectedOutcome(name, text, MAX_BYTES)).toBe('lands')
      await fixture.deliver(name, text)
      const landed = fixture.observe(name)
      expect(landed.seq).toBe(frame.seq)
      expect(allPlainPrototypes(landed.slice), `${name}: stored objects keep plain prototypes`).toBe(true)
      expect(Reflect.get(landed.slice as object, 'polluted')).toBeUndefined()
    }
  })
})

describe('client fuzz: random frames (fast-check)', () => {
  it('any sequence of hostile frames on any feed: the oracle\'s outcome for each, and every good frame after one lands', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FEED_NAMES), fc.array(hostileFrameArbitrary, { minLength: 1, maxLength: 25 }), async (feed, frames) => {
        const fx = await openFuzzStore({ maxMessageBytes: 64 * 1024 })
        try {
          for (const [index, data] of frames.entries()) await hostileThenGood(fx, feed, data, 64 * 1024, `frame ${index}`)
        } finally {
          fx.close()
        }
      }),
      { seed: 77_001, numRuns: 120 },
    )
  }, 120_000)

  it('interleaved across all 8 feeds, counters add up exactly: dropped = messagesDropped, accepted = messagesIn', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...FEED_NAMES), hostileFrameArbitrary), { minLength: 1, maxLength: 40 }), async (frames) => {
        const fx = await openFuzzStore({ maxMessageBytes: 64 * 1024 })
        try {
          const start = fx.store.transport.metrics()
          let dropped = 0
          let accepted = 0
          for (const [feed, data] of frames) {
            const outcome = expectedOutcome(feed, data, 64 * 1024)
            if (outcome === 'dropped') dropped += 1
            else if (outcome !== 'heartbeat') accepted += 1
            await fx.deliver(feed, data)
          }
          const end = fx.store.transport.metrics()
          expect(end.messagesDropped - start.messagesDropped).toBe(dropped)
          expect(end.messagesIn - start.messagesIn).toBe(accepted)
          for (const feed of FEED_NAMES) expect(fx.store.getState().connections[feed]?.status).toBe('connected')
        } finally {
          fx.close()
        }
      }),
      { seed: 77_002, numRuns: 80 },
    )
  }, 120_000)
})
