/** Appends `item` to `items`, keeping at most `limit` (the oldest go first). Returns a new array. */
export const appendBounded = <T>(items: readonly T[], item: T, limit: number): readonly T[] =>
  items.length < limit ? [...items, item] : [...items.slice(items.length - limit + 1), item]
