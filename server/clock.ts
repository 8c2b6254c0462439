import { createEmitter } from "./emitter";

/**
 * The simulated clock. At scale 60 a 40-minute Entra cycle comes round in 40 seconds, and so do backoff waits,
 * Retry-After pauses and the 30-day soft-delete window (at a larger scale). Time is continuous across a change
 * of scale, can be moved forward by hand for demos and scenarios, can be held still while a trainer talks, and
 * can be set back to real time.
 */
export function createClock(initialScale = 1) {
  let scale = initialScale;
  let realAnchor = Date.now();
  let simAnchor = realAnchor;
  // Each hold stops simulated time until it is released; several can overlap (two paused runs).
  let holds = 0;
  const changes = createEmitter<{ scale: number; now: number; paused: boolean }>();

  const now = () => (holds > 0 ? simAnchor : simAnchor + (Date.now() - realAnchor) * scale);
  function reanchor(): void {
    simAnchor = now();
    realAnchor = Date.now();
  }
  const announce = () => changes.emit({ scale, now: now(), paused: holds > 0 });

  return {
    now,
    scale: () => scale,
    paused: () => holds > 0,
    onChange: changes.on,
    /** Real milliseconds that pass while `simMs` of simulated time does: never, while the clock is held. */
    toReal: (simMs: number) => (holds > 0 ? Number.POSITIVE_INFINITY : Math.max(0, simMs / scale)),
    // Backoff and Retry-After waits are about the target, not the story: they keep their pace during a hold.
    sleep: (simMs: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, simMs / scale))),
    setScale(next: number): void {
      reanchor();
      scale = next;
      announce();
    },
    advance(simMs: number): void {
      reanchor();
      simAnchor += simMs;
      announce();
    },
    /** Simulated time stands still until the returned release is called (once; later calls do nothing). */
    hold(): () => void {
      reanchor();
      holds++;
      if (holds === 1) announce();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0) {
          realAnchor = Date.now();
          announce();
        }
      };
    },
    /** Back to real time at real speed: whatever jumps and speed-ups did is undone. */
    reset(): void {
      scale = 1;
      realAnchor = Date.now();
      simAnchor = realAnchor;
      announce();
    },
  };
}

export type Clock = ReturnType<typeof createClock>;
