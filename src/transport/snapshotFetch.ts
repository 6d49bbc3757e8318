import { parseFrame } from './frames'
import type { FetchLike, Message } from './types'

export interface SnapshotFetchHooks {
  snapshot(message: Message, size: number): void
  failed(reason: string): void
}

/** One GET of an endpoint's snapshot (a resync after a seq gap); cancelled by teardown. */
export class SnapshotFetch {
  private controller: AbortController | null = null

  constructor(
    private readonly fetch: FetchLike,
    private readonly url: () => string,
    private readonly maxBytes: number,
  ) {}

  get inFlight(): boolean {
    return this.controller !== null
  }

  run(hooks: SnapshotFetchHooks): void {
    if (this.controller !== null) return
    const controller = new AbortController()
    this.controller = controller
    const settle = (report: () => void): void => {
      if (controller.signal.aborted) return
      this.controller = null
      report()
    }
    this.fetch(this.url(), { signal: controller.signal })
      .then(async (response) => {
        const body = await response.text()
        if (!response.ok) return settle(() => hooks.failed(`resync GET failed: HTTP ${response.status}`))
        const frame = parseFrame(body, this.maxBytes)
        settle(() => (frame.ok ? hooks.snapshot(frame.message, frame.size) : hooks.failed(`resync GET: ${frame.error}`)))
      })
      .catch((error: unknown) => settle(() => hooks.failed(`resync GET failed: ${error instanceof Error ? error.message : String(error)}`)))
  }

  cancel(): void {
    this.controller?.abort()
    this.controller = null
  }
}
