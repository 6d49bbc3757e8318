import type { PageLifecycle } from '../types'

/**
 * The page lifecycle the leader's pool sees: hidden only while this tab is hidden AND no other
 * tab of the set is visible (the connection set stays open while any tab is visible); offline
 * as this browser is. `peersChanged()` tells the pool to look again.
 */
export class SharedLifecycle {
  private readonly visibilityHandlers = new Set<() => void>()

  constructor(
    private readonly base: PageLifecycle | null,
    private readonly othersVisible: () => boolean,
  ) {}

  readonly lifecycle: PageLifecycle = {
    isHidden: () => (this.base?.isHidden() ?? false) && !this.othersVisible(),
    isOffline: () => this.base?.isOffline() ?? false,
    subscribe: (handlers) => {
      const onPeers = (): void => handlers.visibilityChange()
      this.visibilityHandlers.add(onPeers)
      const stopBase = this.base?.subscribe(handlers) ?? null
      return () => {
        this.visibilityHandlers.delete(onPeers)
        stopBase?.()
      }
    },
  }

  peersChanged(): void {
    for (const handler of [...this.visibilityHandlers]) handler()
  }
}
