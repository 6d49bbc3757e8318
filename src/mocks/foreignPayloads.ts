/**
 * A backend that is not ours: the same feeds with the field names another team would pick
 * (snake_case all the way down, e.g. `updatedAt` → `updated_at`, `issueNumber` → `issue_number`).
 * Used by the mock backend (`payloads: 'foreign'`) and the reference server (`--payloads foreign`),
 * so tests can prove the catalogue stores a backend's payloads as they are.
 */
export type PayloadShape = 'ours' | 'foreign'

export const PAYLOAD_SHAPES: readonly PayloadShape[] = ['ours', 'foreign']

const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

/** `value` with every object key in snake_case (arrays and primitives kept). */
export const toForeignPayload = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(toForeignPayload)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [snakeCase(key), toForeignPayload(item)]))
}

/** A `{type, data, seq}` frame with its `data` in the foreign shape (the envelope stays). */
export const foreignFrame = <F extends { data: unknown }>(frame: F): Omit<F, 'data'> & { data: unknown } => ({ ...frame, data: toForeignPayload(frame.data) })

/** The text a backend with this payload shape sends for `frame`. */
export const encodeFrame = (frame: { data: unknown }, shape: PayloadShape): string =>
  JSON.stringify(shape === 'foreign' ? foreignFrame(frame) : frame)
