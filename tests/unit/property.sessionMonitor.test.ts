import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SessionMonitor, type MonitorEvent } from '../../soak/sessionMonitor'

/**
 * The soak's "no lost updates" verdict rests on SessionMonitor, so it is checked here: random
 * server histories (sessions, updates, polls, restarts) replayed faithfully give no violation;
 * each injected fault (a dropped frame, a repeated frame, an old snapshot) is flagged exactly once.
 */

type Step = { kind: 'update' } | { kind: 'reconnect' } | { kind: 'poll' } | { kind: 'restart' } | { kind: 'idle' }

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: fc.constant({ kind: 'update' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'poll' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'idle' as const }) },
)

/** What one client of one feed sees when the server behaves: snapshot on connect, seq + 1 per update. */
function faithful(steps: readonly Step[]): MonitorEvent[] {
  const events: MonitorEvent[] = [{ k: 's', f: 'queue' }, { k: 'm', f: 'queue', seq: 0, live: true }]
  let seq = 0
  let connected = true
  for (const s of steps) {
    switch (s.kind) {
      case 'update':
        seq += 1
        if (connected) events.push({ k: 'm', f: 'queue', seq, live: true })
        break
      case 'reconnect':
        connected = true
        events.push({ k: 's', f: 'queue' }, { k: 'm', f: 'queue', seq, live: true })
        break
      case 'poll':
        connected = false
        events.push({ k: 'm', f: 'queue', seq, live: false })
        break
      case 'restart':
        connected = false
        seq = 0
        events.push({ k: 'epoch' })
        break
      case 'idle':
        connected = false
    }
  }
  return events
}

const run = (events: readonly MonitorEvent[]): SessionMonitor => {
  const monitor = new SessionMonitor('test')
  for (const event of events) monitor.apply(event)
  return monitor
}

/** Indexes of live frames that follow another live frame of the same session (not a snapshot). */
const updateIndexes = (events: readonly MonitorEvent[]): number[] =>
  events.flatMap((event, index) => {
    const previous = events[index - 1]
    return event.k === 'm' && event.live && previous?.k === 'm' && previous.live ? [index] : []
  })

describe('SessionMonitor (property-based)', () => {
  it('a faithful history gives no violation', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
      const monitor = run(faithful(steps))
      expect(monitor.violations).toEqual([])
      expect(monitor.violationCount).toBe(0)
    }), { seed: 9, numRuns: 500 })
  })

  it('dropping one update frame inside a session is flagged as exactly one loss', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 200 }), fc.nat(), (steps, pick) => {
      const events = faithful(steps)
      const candidates = updateIndexes(events).filter((index) => {
        const next = events[index + 1]
        return next?.k === 'm' && next.live // the next frame of the session reveals the gap
      })
      fc.pre(candidates.length > 0)
      const drop = candidates[pick % candidates.length] ?? 0
      const monitor = run(events.filter((_, index) => index !== drop))
      expect(monitor.counts.lost).toBe(1)
      expect(monitor.violationCount).toBe(1)
    }), { seed: 10, numRuns: 500 })
  })

  it('repeating one update frame is flagged as exactly one duplicate', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 200 }), fc.nat(), (steps, pick) => {
      const events = faithful(steps)
      const candidates = updateIndexes(events)
      fc.pre(candidates.length > 0)
      const repeat = candidates[pick % candidates.length] ?? 0
      const withRepeat = [...events.slice(0, repeat + 1), events[repeat] as MonitorEvent, ...events.slice(repeat + 1)]
      const monitor = run(withRepeat)
      expect(monitor.counts.duplicated).toBe(1)
      expect(monitor.violationCount).toBe(1)
    }), { seed: 11, numRuns: 500 })
  })

  it('a polled snapshot older than what was seen is flagged as stale; a gap on a silenced feed is excused', () => {
    const monitor = run([{ k: 's', f: 'queue' }, { k: 'm', f: 'queue', seq: 5, live: true }, { k: 'm', f: 'queue', seq: 6, live: true }, { k: 'm', f: 'queue', seq: 4, live: false }])
    expect(monitor.counts.stale).toBe(1)
    const silenced = run([
      { k: 's', f: 'queue' }, { k: 'm', f: 'queue', seq: 1, live: true },
      { k: 'silence', feeds: ['queue'] }, { k: 'silence', feeds: [] },
      { k: 'm', f: 'queue', seq: 4, live: true },
      { k: 's', f: 'queue' }, { k: 'm', f: 'queue', seq: 4, live: true }, { k: 'm', f: 'queue', seq: 6, live: true },
    ])
    expect(silenced.counts.excusedGaps).toBe(1)
    expect(silenced.counts.lost).toBe(1) // the new session after the silence is not excused
  })
})
