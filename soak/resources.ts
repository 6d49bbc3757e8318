/** Heap and handle measurements of the soak process (run with --expose-gc). */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export const gcAvailable = (): boolean => typeof globalThis.gc === 'function'

/** heapUsed after two full GCs (the second collects what the first's finalizers freed). */
export async function heapAfterGc(): Promise<number> {
  globalThis.gc?.()
  await sleep(20)
  globalThis.gc?.()
  return process.memoryUsage().heapUsed
}

/** Active handles by kind (`TCPSocketWrap`, `Timeout`, …). */
export function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1
  return counts
}

/** Kinds with more handles now than in `baseline`, as "kind: before → now". */
export function handlesAbove(baseline: Record<string, number>, now: Record<string, number>): string[] {
  return Object.entries(now)
    .filter(([kind, count]) => count > (baseline[kind] ?? 0))
    .map(([kind, count]) => `${kind}: ${baseline[kind] ?? 0} → ${count}`)
}

/** Waits (bounded) until no handle kind is above `baseline`; returns what is still above. */
export async function settleHandles(baseline: Record<string, number>, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs
  let above = handlesAbove(baseline, handleCounts())
  while (above.length > 0 && Date.now() < deadline) {
    await sleep(100)
    above = handlesAbove(baseline, handleCounts())
  }
  return above
}

/** Least-squares slope of (t ms, bytes) samples, in bytes per day; null with fewer than 3 samples. */
export function bytesPerDay(samples: readonly { at: number; heap: number }[]): number | null {
  if (samples.length < 3) return null
  const n = samples.length
  const meanT = samples.reduce((sum, s) => sum + s.at, 0) / n
  const meanH = samples.reduce((sum, s) => sum + s.heap, 0) / n
  let covariance = 0
  let variance = 0
  for (const s of samples) {
    covariance += (s.at - meanT) * (s.heap - meanH)
    variance += (s.at - meanT) ** 2
  }
  return variance === 0 ? null : (covariance / variance) * 86_400_000
}
