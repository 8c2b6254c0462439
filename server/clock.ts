import { createEmitter } from "./emitter";

/**
 * The simulated clock. At scale 60 a 40-minute Entra cycle comes round in 40 seconds, and so do backoff waits,
 * Retry-After pauses and the 30-day soft-delete window (at a larger scale). Time is continuous across a change
 * of scale, and can be moved forward by hand for demos and scenarios.
 */
export function createClock(initialScale = 1) {
  let scale = initialScale;
  let realAnchor = Date.now();
  let simAnchor = realAnchor;
  const changes = createEmitter<{ scale: number; now: number }>();

  const now = () => simAnchor + (Date.now() - realAnchor) * scale;
  function reanchor(): void {
    simAnchor = now();
    realAnchor = Date.now();
  }

  return {
    now,
    scale: () => scale,
    onChange: changes.on,
    /** Real milliseconds that pass while `simMs` of simulated time does. */
    toReal: (simMs: number) => Math.max(0, simMs / scale),
    sleep: (simMs: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, simMs / scale))),
    setScale(next: number): void {
      reanchor();
      scale = next;
      changes.emit({ scale, now: now() });
    },
    advance(simMs: number): void {
      reanchor();
      simAnchor += simMs;
      changes.emit({ scale, now: now() });
    },
  };
}

export type Clock = ReturnType<typeof createClock>;
