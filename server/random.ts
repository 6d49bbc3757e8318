/** A seeded source of numbers in [0, 1), so a world replays the same way for a given seed. */
export type Random = () => number

/** mulberry32: tiny, fast, good enough for test data (not for anything secret). */
export const mulberry32 = (seed: number): Random => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const chance = (random: Random, probability: number): boolean => random() < probability

export const between = (random: Random, min: number, max: number): number => min + random() * (max - min)

export const intBetween = (random: Random, min: number, max: number): number =>
  Math.floor(between(random, min, max + 1))

export const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value))

export const round = (value: number, digits: number): number => {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
