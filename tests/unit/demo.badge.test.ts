import { describe, expect, it } from 'vitest'
import { badgeLabel, badgeTone } from '../../src/demo/badge'

const dataError = { message: 'queue: queue_update rejected by its schema: data: expected an object, got string', at: 1, count: 1 }

describe('the demo badge (SPEC §8)', () => {
  it('says Data error while connected but the latest frame was rejected, and Connected once it is cleared', () => {
    expect(badgeLabel({ status: 'connected', paused: false, fallback: 'none', dataError })).toBe('Data error')
    expect(badgeLabel({ status: 'connected', paused: false, fallback: 'none', dataError: null })).toBe('Connected')
    expect(badgeTone('Data error')).toBe('badge--data-error')
  })

  it('a data error does not hide a connection problem: Polling, Paused and Reconnecting win', () => {
    expect(badgeLabel({ status: 'reconnecting', paused: false, fallback: 'polling', dataError })).toBe('Polling')
    expect(badgeLabel({ status: 'disconnected', paused: 'hidden', fallback: 'none', dataError })).toBe('Paused')
    expect(badgeLabel({ status: 'reconnecting', paused: false, fallback: 'none', dataError })).toBe('Reconnecting')
  })
})
