import type { Message } from '../transport/types'
import { DataRejection } from './dataRejection'

/** What the store made of one message: applied (`reason` null), or rejected and why. */
export interface Verdict {
  name: string
  message: Message
  reason: string | null
}

const describeThrown = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** A `DataRejection` speaks for itself; anything else a reducer throws is named as a reducer failure. */
export const reducerError = (name: string, messageType: string, error: unknown): string =>
  error instanceof DataRejection ? error.message : `reducer of endpoint "${name}" threw on a "${messageType}" message: ${describeThrown(error)}`

export const storeWriteError = (name: string, messageType: string, error: unknown): string =>
  `a "${messageType}" message of endpoint "${name}" could not be written to the store and was dropped: ${describeThrown(error)}`
