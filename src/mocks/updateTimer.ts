/** The one timer of the mock backend: periodic world updates. `clear()` leaves nothing pending. */
export interface UpdateTimer {
  /** (Re)starts the updates every `ms`; 0 stops them. */
  set(ms: number): void
  clear(): void
  readonly intervalMs: number
}

export const createUpdateTimer = (onTick: () => void): UpdateTimer => {
  let timer: ReturnType<typeof setInterval> | null = null
  let intervalMs = 0
  const clear = (): void => {
    if (timer !== null) clearInterval(timer)
    timer = null
    intervalMs = 0
  }
  return {
    set: (ms) => {
      clear()
      if (!(ms > 0)) return
      intervalMs = ms
      timer = setInterval(onTick, ms)
    },
    clear,
    get intervalMs() {
      return intervalMs
    },
  }
}
