/**
 * Paces requests to at most `perSecond` a second on the real clock (a rate is a promise to the server, so the
 * simulated clock does not speed it up). Requests are spaced evenly rather than let through in bursts: any second
 * then holds at most `perSecond` of them, however the seconds are counted. The spacing is kept 5% wider than the
 * rate asks, so that holds on the server's side too, where each arrival is late by its own latency: a busy server
 * that reads one request 40 ms late and the next on time would otherwise count a second that holds one too many.
 */
export function createRateLimiter(perSecond: number, now: () => number = Date.now) {
  if (!(perSecond > 0)) throw new Error(`a request rate must be above 0, got ${perSecond}`);
  const gapMs = (1000 / perSecond) * GUARD;
  let nextAt = 0;
  return async function take(): Promise<void> {
    const at = Math.max(now(), nextAt);
    nextAt = at + gapMs;
    // Timers may fire a little early; wait again until the slot has really come.
    for (let wait = at - now(); wait > 0; wait = at - now()) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
    }
  };
}

const GUARD = 1.05;

export type RateLimiter = ReturnType<typeof createRateLimiter>;
