/**
 * Listeners of one kind of pool event (`onFrame`, `onSample`). Callers check `active` before
 * building an event, so the events cost nothing while nobody listens; a listener that throws is
 * logged and never stops the others.
 */
export class Tap<E> {
  private readonly listeners = new Set<(event: E) => void>()

  constructor(private readonly label: string) {}

  get active(): boolean {
    return this.listeners.size > 0
  }

  listen(listener: (event: E) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  emit(event: E): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (error) {
        console.error(`zustand-realtime: an ${this.label} listener threw`, error)
      }
    }
  }
}
