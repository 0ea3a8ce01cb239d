// One typed event emitter for every change notification (the workbook's doc changes, the
// derivation's metric changes, the app's derivation client). Listeners run in the order
// they subscribed; one that throws does not stop the others nor the emitter's caller:
// its error is rethrown in a microtask, where it is still reported.
export type Listener<E> = (event: E) => void;

export class Emitter<E> {
  private readonly listeners = new Set<Listener<E>>();

  /** Subscribes; returns the unsubscribe function. */
  on(listener: Listener<E>): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  emit(event: E): void {
    if (this.listeners.size === 0) return;
    // A copy: a listener may subscribe or unsubscribe while it runs.
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (err) {
        queueMicrotask(() => { throw err; });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
