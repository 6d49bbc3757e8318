/** Adds `listener` to `listeners`; returns the function that removes it. */
export const listen = <L>(listeners: Set<L> | undefined, listener: L): (() => void) => {
  listeners?.add(listener)
  return () => { listeners?.delete(listener) }
}
