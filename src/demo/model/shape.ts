/**
 * A tiny runtime shape checker: each check returns null when the value fits,
 * else one sentence saying where and what is wrong ("data.phases[2].id: expected a string, got number").
 */
export type ShapeCheck = (value: unknown, path: string) => string | null

const describe = (value: unknown): string => {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}

const expected = (what: string, value: unknown, path: string): string =>
  `${path}: expected ${what}, got ${describe(value)}`

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const aString: ShapeCheck = (value, path) =>
  typeof value === 'string' ? null : expected('a string', value, path)

export const aNumber: ShapeCheck = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) ? null : expected('a finite number', value, path)

export const aBoolean: ShapeCheck = (value, path) =>
  typeof value === 'boolean' ? null : expected('a boolean', value, path)

export const oneOf =
  (...allowed: readonly string[]): ShapeCheck =>
  (value, path) =>
    typeof value === 'string' && allowed.includes(value)
      ? null
      : `${path}: expected one of ${allowed.join('|')}, got ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}`

export const orNull =
  (check: ShapeCheck): ShapeCheck =>
  (value, path) =>
    value === null ? null : check(value, path)

export const arrayOf =
  (item: ShapeCheck): ShapeCheck =>
  (value, path) => {
    if (!Array.isArray(value)) return expected('an array', value, path)
    for (const [index, element] of value.entries()) {
      const problem = item(element, `${path}[${index}]`)
      if (problem !== null) return problem
    }
    return null
  }

export const objectWith =
  (fields: Readonly<Record<string, ShapeCheck>>): ShapeCheck =>
  (value, path) => {
    if (!isRecord(value)) return expected('an object', value, path)
    for (const [field, check] of Object.entries(fields)) {
      const problem = check(value[field], `${path}.${field}`)
      if (problem !== null) return problem
    }
    return null
  }
