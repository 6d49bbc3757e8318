import type { AuthConfig } from './types'

export type UrlOutcome =
  | { ok: true; url: string }
  /** `retry`: the url function failed (its token request, say) — try again with backoff; else a bug in the config. */
  | { ok: false; message: string; retry: boolean }

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function'

function checked(name: string, value: unknown): UrlOutcome {
  if (typeof value === 'string' && value !== '') return { ok: true, url: value }
  return { ok: false, retry: false, message: `the url of ${name} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)} — fix the endpoint's \`url\`` }
}

const failed = (name: string, error: unknown): UrlOutcome =>
  ({ ok: false, retry: true, message: `could not get the url of ${name}: ${reasonOf(error)} — the endpoint's \`url\` function threw or rejected (check its token request); retrying with backoff` })

/** Reads an endpoint's url before a connect: at once for a string or a sync function, as a promise (never rejecting) for an async one. */
export function resolveUrl(name: string, source: () => unknown): UrlOutcome | Promise<UrlOutcome> {
  let value: unknown
  try {
    value = source()
  } catch (error) {
    return failed(name, error)
  }
  if (!isThenable(value)) return checked(name, value)
  return Promise.resolve(value).then((resolved) => checked(name, resolved), (error: unknown) => failed(name, error))
}

/** Calls `auth.refresh()` after a 4401: null when it succeeded, else why it failed. Never rejects. */
export async function refreshCredentials(name: string, auth: AuthConfig): Promise<string | null> {
  try {
    await auth.refresh()
    return null
  } catch (error) {
    return `closed 4401: unauthorized, and auth.refresh() of ${name} failed: ${reasonOf(error)} — not retried; fix the credentials and reconnect`
  }
}
