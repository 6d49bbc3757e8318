import fc from 'fast-check'
import { describeFeedDataProblem } from '../src/demo/model/feedShapes'
import { FEED_NAMES, messageTypeOf, type FeedName } from '../src/store/dashboard/feeds'

/**
 * Hostile frames for the fuzz tests (client and server side) and the soak's hostile client:
 * a named corpus of known-bad inputs plus fast-check arbitraries, and an oracle that says what
 * the dashboard store must do with each frame.
 */

/** What a dashboard store must do with one inbound frame on a feed's socket. */
export type Outcome =
  /** Not a JSON text frame with a string `type`, or too big: dropped by the transport and counted. */
  | 'dropped'
  /** The feed's own type with data of the wrong shape: the reducer refuses it, recorded in lastError. */
  | 'rejected'
  /** The feed's own type with valid data: it lands in the store. */
  | 'lands'
  /** Heartbeat frames (pong, server_ping): liveness only. */
  | 'heartbeat'
  /** A well-formed frame of a type no feed owns: rejected on this feed (its dataError says so). */
  | 'foreign'
  /** A well-formed frame of another feed's type: routed to that feed (counted as foreign here). */
  | 'routed'

export type FrameData = string | Uint8Array

export interface HostileFrame {
  name: string
  data: FrameData
}

const DEPTH = 100_000

/** `[[[…]]]` nested `depth` levels. */
export const nestedArrays = (depth: number = DEPTH): string => '['.repeat(depth) + ']'.repeat(depth)
/** `{"a":{"a":…}}` nested `depth` levels. */
export const nestedObjects = (depth: number = DEPTH): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)

/** Parses like the transport does; null for anything it must drop (before size limits). */
const parseLikeTransport = (data: FrameData): { type: string; data?: unknown } | null => {
  if (typeof data !== 'string') return null
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const type: unknown = Reflect.get(value, 'type')
  return typeof type === 'string' ? { type, data: Reflect.get(value, 'data') } : null
}

/** The oracle: what the store must do with `data` arriving on `feed`'s socket. */
export function expectedOutcome(feed: FeedName, data: FrameData, maxMessageBytes: number): Outcome {
  if (typeof data === 'string' && data.length > maxMessageBytes) return 'dropped'
  const message = parseLikeTransport(data)
  if (message === null) return 'dropped'
  if (message.type === 'pong' || message.type === 'server_ping') return 'heartbeat'
  if (message.type !== messageTypeOf(feed)) return FEED_NAMES.some((name) => messageTypeOf(name) === message.type) ? 'routed' : 'foreign'
  return describeFeedDataProblem(feed, message.data) === null ? 'lands' : 'rejected'
}

const frame = (value: unknown): string => JSON.stringify(value)

/**
 * Known-bad frames for `feed`: wrong encodings, wrong JSON shapes, wrong data types for the
 * feed's own type, deep nesting, prototype-pollution keys, a frame over `hugeBytes`.
 */
export function hostileCorpus(feed: FeedName, hugeBytes: number): HostileFrame[] {
  const type = messageTypeOf(feed)
  const typed = (data: string) => `{"type":"${type}","data":${data}}`
  return [
    { name: 'empty string', data: '' },
    { name: 'binary bytes', data: Uint8Array.from([0, 159, 146, 150, 255, 0, 1]) },
    { name: 'lone surrogates', data: '\ud800\udfff\ud800' },
    { name: 'truncated JSON', data: '{"type":"' + type + '","data":{"phases":[' },
    { name: 'NUL bytes', data: '\u0000\u0000{"type":"x"}' },
    { name: 'JSON null', data: 'null' },
    { name: 'JSON number', data: '42' },
    { name: 'JSON string', data: '"queue_update"' },
    { name: 'JSON array of a frame', data: frame([{ type }]) },
    { name: 'object without type', data: frame({ data: { phases: [] } }) },
    { name: 'type is a number', data: frame({ type: 5, data: {} }) },
    { name: 'type is an object', data: frame({ type: { toString: 'x' }, data: {} }) },
    { name: 'type is null', data: '{"type":null}' },
    { name: `${type} with data 5`, data: typed('5') },
    { name: `${type} with data null`, data: typed('null') },
    { name: `${type} with data "x"`, data: typed('"x"') },
    { name: `${type} with data []`, data: typed('[]') },
    { name: `${type} without data`, data: `{"type":"${type}"}` },
    { name: `${type} with data {}`, data: typed('{}') },
    { name: `${type} with every field of the wrong type`, data: typed('{"phases":"many","runs":1,"workflows":{},"routes":null,"items":true,"features":-1,"services":"x","webhooks":0,"paused":"no","updatedAt":"now"}') },
    { name: `${type} with seq as a string`, data: `{"type":"${type}","seq":"7","data":5}` },
    { name: `${type} with 1e400 numbers`, data: typed('{"phases":[{"id":"a","issueNumber":1e400,"phase":"plan","status":"queued"}],"paused":false,"updatedAt":1e400}') },
    { name: 'deep arrays (100k levels)', data: nestedArrays() },
    { name: 'deep objects (100k levels)', data: nestedObjects() },
    { name: `${type} whose data is 100k nested arrays`, data: typed(nestedArrays()) },
    { name: `${type} whose data is 100k nested objects`, data: typed(nestedObjects()) },
    { name: '__proto__ at the top', data: `{"__proto__":{"polluted":"top"},"type":"${type}","data":5}` },
    { name: '__proto__ inside data', data: typed('{"__proto__":{"polluted":"data"}}') },
    { name: 'constructor.prototype inside data', data: typed('{"constructor":{"prototype":{"polluted":"ctor"}}}') },
    { name: 'type "__proto__"', data: '{"type":"__proto__","data":{"polluted":"type"}}' },
    { name: 'type "constructor"', data: '{"type":"constructor","data":{"prototype":{"polluted":"type"}}}' },
    { name: 'type "hasOwnProperty"', data: '{"type":"hasOwnProperty","data":1}' },
    { name: 'pong with a string timestamp', data: frame({ type: 'pong', timestamp: 'yesterday' }) },
    { name: 'server_ping with an object timestamp', data: frame({ type: 'server_ping', timestamp: { nested: true } }) },
    { name: `a frame over ${hugeBytes} characters`, data: typed(JSON.stringify('x'.repeat(hugeBytes))) },
  ]
}

/** Valid data for `feed` with prototype-pollution keys at several levels (must land, and pollute nothing). */
export function pollutingButValid(validFrame: { type: string; data: unknown; seq: number }): string {
  const text = JSON.stringify(validFrame)
  const withKeys = '{"__proto__":{"polluted":"nested"},"constructor":{"prototype":{"polluted":"nested"}},"prototype":{"polluted":"nested"},'
  // Insert the keys at the top of the frame and at the top of `data` (both plain JSON objects).
  return text.replace(/^\{/, withKeys).replace('"data":{', `"data":${withKeys}`)
}

const knownTypes = fc.constantFrom('queue_update', 'adw_monitor_update', 'workflows_update', 'routes_update', 'pong', 'server_ping', 'ping', 'x_update')
const pollutionKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty')

/** Random JSON objects with a known (or nearly known) `type`, random data and sometimes pollution keys. */
const typedJson: fc.Arbitrary<string> = fc
  .record({
    type: fc.oneof(knownTypes, fc.string({ maxLength: 12 })),
    data: fc.jsonValue({ maxDepth: 4 }),
    extraKey: fc.option(pollutionKey, { nil: undefined }),
    extra: fc.jsonValue({ maxDepth: 2 }),
  })
  .map(({ type, data, extraKey, extra }) => {
    const base = `{"type":${JSON.stringify(type)},"data":${JSON.stringify(data)}`
    return extraKey === undefined ? `${base}}` : `${base},${JSON.stringify(extraKey)}:${JSON.stringify(extra)}}`
  })

/** Any hostile frame: random text, random bytes, random JSON, typed JSON with random data, mangled JSON. */
export const hostileFrameArbitrary: fc.Arbitrary<FrameData> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }),
  fc.json({ maxDepth: 5 }),
  typedJson,
  typedJson.map((text) => text.slice(0, Math.max(1, Math.floor(text.length / 2)))),
  fc.nat({ max: 20_000 }).map((depth) => nestedArrays(depth)),
)
