/** A tiny typed emitter: listeners run in order, and one that throws cannot stop the others. */
export function createEmitter<E>() {
  const listeners = new Set<(event: E) => void>();
  return {
    on(listener: (event: E) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: E): void {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (err) {
          console.error("scimulator: listener failed:", err);
        }
      }
    },
  };
}
