import { FEED_NAMES, type FeedName } from '../src/store/dashboard/feeds'
import type { ControlState, ServerControl } from './control'
import type { EndpointSelector } from './faults'

/**
 * `POST /__control` bodies, one per control method, e.g.
 * `{"action":"silence","endpoint":"queue","on":true}`, `{"action":"burst","endpoint":"queue","count":5}`,
 * `{"action":"full","on":true,"retryAfterMs":500}`, `{"action":"dropAll","code":1012}`, `{"action":"state"}`.
 */
/** The `POST /__control` bodies this module accepts (also the typed client side of tests and the soak). */
export type ControlCommand =
  | { action: 'silence' | 'dropPongs'; endpoint: FeedName | '*'; on: boolean }
  | { action: 'refuse'; on: boolean }
  | { action: 'full'; on: boolean; retryAfterMs?: number }
  | { action: 'dropAll'; code?: number; reason?: string }
  | { action: 'burst'; endpoint: FeedName; count?: number }
  | { action: 'garbage' | 'badData'; endpoint: FeedName }
  | { action: 'setUpdateInterval'; ms: number }
  | { action: 'reset' | 'state' }

export type ControlResult = { ok: true; state: ControlState; dropped?: number } | { ok: false; error: string }

class BadCommand extends Error {}

const isFeedName = (value: unknown): value is FeedName => FEED_NAMES.some((name) => name === value)

const field = (body: Record<string, unknown>, key: string): unknown => body[key]

const endpointOf = (body: Record<string, unknown>): FeedName => {
  const endpoint = field(body, 'endpoint')
  if (!isFeedName(endpoint)) throw new BadCommand(`"endpoint" must be one of ${FEED_NAMES.join(', ')}`)
  return endpoint
}
const selectorOf = (body: Record<string, unknown>): EndpointSelector =>
  field(body, 'endpoint') === '*' ? '*' : endpointOf(body)

const booleanOf = (body: Record<string, unknown>, key: string): boolean => {
  const value = field(body, key)
  if (typeof value !== 'boolean') throw new BadCommand(`"${key}" must be a boolean`)
  return value
}
const numberOf = (body: Record<string, unknown>, key: string, fallback?: number): number => {
  const value = field(body, key) ?? fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new BadCommand(`"${key}" must be a non-negative number`)
  }
  return value
}
const optionalNumberOf = (body: Record<string, unknown>, key: string): number | undefined =>
  field(body, key) === undefined ? undefined : numberOf(body, key)
const optionalStringOf = (body: Record<string, unknown>, key: string): string | undefined => {
  const value = field(body, key)
  if (value !== undefined && typeof value !== 'string') throw new BadCommand(`"${key}" must be a string`)
  return value
}

const run = (control: ServerControl, body: Record<string, unknown>): { dropped?: number } => {
  switch (field(body, 'action')) {
    case 'silence':
      control.silence(selectorOf(body), booleanOf(body, 'on'))
      break
    case 'dropPongs':
      control.dropPongs(selectorOf(body), booleanOf(body, 'on'))
      break
    case 'refuse':
      control.refuse(booleanOf(body, 'on'))
      break
    case 'full':
      control.full(booleanOf(body, 'on'), optionalNumberOf(body, 'retryAfterMs'))
      break
    case 'dropAll':
      return { dropped: control.dropAll(optionalNumberOf(body, 'code'), optionalStringOf(body, 'reason')) }
    case 'burst':
      control.burst(endpointOf(body), numberOf(body, 'count', 1))
      break
    case 'garbage':
      control.garbage(endpointOf(body))
      break
    case 'badData':
      control.badData(endpointOf(body))
      break
    case 'setUpdateInterval':
      control.setUpdateInterval(numberOf(body, 'ms'))
      break
    case 'reset':
      control.reset()
      break
    case 'state':
      break
    default:
      throw new BadCommand('unknown "action"')
  }
  return {}
}

/** Validates and applies one command body; never throws for bad input. */
export const runControlCommand = (control: ServerControl, body: unknown): ControlResult => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, error: 'body must be a JSON object' }
  try {
    const outcome = run(control, Object.fromEntries(Object.entries(body)))
    return { ok: true, state: control.state(), ...outcome }
  } catch (error) {
    if (error instanceof BadCommand || error instanceof RangeError) {
      return { ok: false, error: error.message }
    }
    throw error
  }
}
