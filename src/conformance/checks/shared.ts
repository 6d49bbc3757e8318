import type { RowResult } from '../types'

export const pass = (evidence: string): RowResult => ({ status: 'pass', evidence })
export const fail = (evidence: string): RowResult => ({ status: 'fail', evidence })
export const skip = (evidence: string): RowResult => ({ status: 'skip', evidence })

/** `queue_update` for `queue`, `adw_monitor_update` for `adw-monitor` (docs/PROTOCOL.md). */
export const messageTypeOf = (name: string): string => `${name.replaceAll('-', '_')}_update`

/** The first few items, then how many more: evidence stays one readable line. */
export const listOf = (items: readonly string[], shown = 4): string =>
  items.length <= shown ? items.join('; ') : `${items.slice(0, shown).join('; ')}; … ${items.length - shown} more`

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** JSON with object keys sorted, so two serialisations of the same value compare equal. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  )

/** GET `url` as JSON; `{status, body}` with body undefined when it is not JSON, null status on a network error. */
export const getJson = async (url: string): Promise<{ status: number | null; body: unknown; error?: string }> => {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' } })
    const text = await response.text()
    try {
      return { status: response.status, body: JSON.parse(text) }
    } catch {
      return { status: response.status, body: undefined }
    }
  } catch (error) {
    return { status: null, body: undefined, error: error instanceof Error ? error.message : String(error) }
  }
}
