/** The generator's clock: one interval timer, restartable at another rate, 0 = stopped. */
export interface UpdateLoop {
  intervalMs(): number
  setInterval(ms: number): void
  stop(): void
}

export const createUpdateLoop = (step: () => void): UpdateLoop => {
  let timer: NodeJS.Timeout | null = null
  let currentMs = 0
  const stop = (): void => {
    if (timer) clearInterval(timer)
    timer = null
    currentMs = 0
  }
  return {
    intervalMs: () => currentMs,
    setInterval(ms) {
      stop()
      if (ms <= 0) return
      currentMs = ms
      timer = setInterval(step, ms)
    },
    stop,
  }
}
