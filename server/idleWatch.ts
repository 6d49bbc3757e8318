/** Tracks one client's silence: `onIdle` after `idleMs` of it, `onDead` after as long again unanswered. */
export interface IdleWatch {
  /** Any frame or protocol pong from the client. */
  heard(): void
  stop(): void
}

export interface IdleWatchOptions {
  idleMs: number
  onIdle: () => void
  onDead: () => void
  now?: () => number
}

export const watchIdle = ({ idleMs, onIdle, onDead, now = Date.now }: IdleWatchOptions): IdleWatch => {
  let lastHeardAt = now()
  let pingedAt: number | null = null
  let timer: NodeJS.Timeout | null = null

  // One timer per client, re-armed lazily when it fires, not on every frame.
  const arm = (delayMs: number): void => {
    timer = setTimeout(check, Math.max(1, delayMs))
  }
  const check = (): void => {
    timer = null
    const at = now()
    if (pingedAt === null) {
      const quietMs = at - lastHeardAt
      if (quietMs < idleMs) return arm(idleMs - quietMs)
      pingedAt = at
      onIdle()
      return arm(idleMs)
    }
    const unansweredMs = at - pingedAt
    if (unansweredMs < idleMs) return arm(idleMs - unansweredMs)
    onDead()
  }
  arm(idleMs)

  return {
    heard() {
      lastHeardAt = now()
      pingedAt = null
    },
    stop() {
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
