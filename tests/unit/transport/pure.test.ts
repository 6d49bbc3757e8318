import { describe, expect, it } from 'vitest'
import { closePolicy, DEFAULT_QUALITY, percentiles, qualityOf } from 'zustand-realtime/transport'
import { parseFrame } from '../../../src/transport/frames'

describe('closePolicy', () => {
  it.each([1000, 1001, 1006, 1011, 1012, 4000])('retries after close %i', (code) => {
    expect(closePolicy(code, '')).toEqual({ kind: 'retry' })
  })
  it.each([1008, 4401, 4403])('never retries %i', (code) => {
    expect(closePolicy(code, 'nope')).toEqual({ kind: 'fatal' })
  })
  it('1013 honours retryAfterMs from the reason JSON, and ignores a reason that is not', () => {
    expect(closePolicy(1013, '{"retryAfterMs":2500}')).toEqual({ kind: 'retry-after', delayMs: 2500 })
    expect(closePolicy(1013, 'busy')).toEqual({ kind: 'retry' })
    expect(closePolicy(1013, '{"retryAfterMs":-1}')).toEqual({ kind: 'retry' })
    expect(closePolicy(1013, '{"retryAfterMs":"2500"}')).toEqual({ kind: 'retry' }) // a number, not a string
    expect(closePolicy(1013, '{"retryAfterMs":null}')).toEqual({ kind: 'retry' })
    expect(closePolicy(1013, '{"retryAfterMs":0}')).toEqual({ kind: 'retry-after', delayMs: 0 })
  })
  it.each([1000, 1011, 1012, 4000])('only 1013 reads retryAfterMs: close %i with the same reason simply retries', (code) => {
    expect(closePolicy(code, '{"retryAfterMs":2500}')).toEqual({ kind: 'retry' })
  })
})

describe('parseFrame', () => {
  it('accepts a JSON object with a string type', () => {
    expect(parseFrame('{"type":"queue_update","data":1}', 100)).toEqual({ ok: true, message: { type: 'queue_update', data: 1 }, size: 32 })
  })
  it.each([
    ['not json', 'not JSON'],
    ['{"data":1}', 'without a string "type"'],
    ['[1,2]', 'without a string "type"'],
    ['{"type":5}', 'without a string "type"'],
    ['null', 'without a string "type"'],
  ])('rejects %s with a reason', (frame, reason) => {
    const parsed = parseFrame(frame, 100)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error).toContain(reason)
  })
  it('rejects oversize and binary frames', () => {
    const big = parseFrame(`{"type":"x","data":"${'a'.repeat(200)}"}`, 100)
    expect(big.ok === false && big.error).toContain('limit 100')
    const binary = parseFrame(new Uint8Array([1, 2]), 100)
    expect(binary.ok === false && binary.error).toContain('binary')
  })
})

describe('qualityOf', () => {
  it('follows the last-message age thresholds and is disconnected when not connected', () => {
    expect(qualityOf(DEFAULT_QUALITY, true, 4999)).toBe('excellent')
    expect(qualityOf(DEFAULT_QUALITY, true, 5000)).toBe('good')
    expect(qualityOf(DEFAULT_QUALITY, true, 15_000)).toBe('poor')
    expect(qualityOf(DEFAULT_QUALITY, true, 30_000)).toBe('disconnected')
    expect(qualityOf(DEFAULT_QUALITY, false, 0)).toBe('disconnected')
  })
})

describe('percentiles', () => {
  it('uses nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentiles(samples)).toEqual({ p50: 50, p95: 95, p99: 99, count: 100 })
    expect(percentiles([])).toEqual({ p50: null, p95: null, p99: null, count: 0 })
  })
})
