import { DataRejection } from './dataRejection'
import type { StandardSchemaV1 } from './standardSchema'

/**
 * How an endpoint checks the `data` of its messages: any Standard Schema (zod, valibot, arktype…)
 * or a plain function that returns the data (possibly transformed) or throws.
 */
export type DataSchema<Output = unknown> = StandardSchemaV1<unknown, Output> | ((data: unknown) => Output)

/** What a schema makes of the data: its output type (`unknown` for none). */
export type SchemaOutput<Schema> =
  Schema extends StandardSchemaV1<unknown, infer Output> ? Output
  : Schema extends (data: unknown) => infer Output ? Output
  : unknown

const isStandardSchema = (schema: unknown): schema is StandardSchemaV1 =>
  (typeof schema === 'object' || typeof schema === 'function') && schema !== null && '~standard' in schema

const pathOf = (issue: StandardSchemaV1.Issue): string =>
  (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.')

/** "data.phases: Expected array, received undefined" (the first issues, with their paths). */
export const describeIssues = (issues: ReadonlyArray<StandardSchemaV1.Issue>): string =>
  issues
    .slice(0, 3)
    .map((issue) => {
      const path = pathOf(issue)
      return `${path === '' ? 'data' : `data.${path}`}: ${issue.message}`
    })
    .join('; ') + (issues.length > 3 ? ` (+${issues.length - 3} more)` : '')

/**
 * Validates `data` with `schema`, returning its output, or throws a `DataRejection` that says what is
 * wrong (`what` names the frame, e.g. `queue_update`). Async schemas cannot gate a synchronous store write:
 * they are refused with an error that says so.
 */
export function validateData<Output>(schema: DataSchema<Output>, data: unknown, what: string): Output {
  if (!isStandardSchema(schema)) {
    try {
      return schema(data)
    } catch (error) {
      throw new DataRejection(`${what} rejected by its schema: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  const result = schema['~standard'].validate(data)
  if (result instanceof Promise) {
    throw new DataRejection(`${what}: the schema validates asynchronously; use a synchronous schema (no async refinements or transforms)`)
  }
  if (result.issues !== undefined) throw new DataRejection(`${what} rejected by its schema: ${describeIssues(result.issues)}`)
  return result.value
}
