/** Raised for a request that got no HTTP answer: `code` is the socket's (ECONNREFUSED…) or TIMEOUT. */
export class WireError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The request died on a kept-alive socket the server had already closed, before any answer. */
    readonly staleSocket = false,
  ) {
    super(message);
  }
}

/** Any error as a WireError, keeping a socket's code (ECONNRESET, CERT_HAS_EXPIRED…) where it has one. */
export function toWireError(err: unknown): WireError {
  if (err instanceof WireError) return err;
  const e = err as NodeJS.ErrnoException;
  return new WireError(e.code ?? "ERROR", e.message ?? String(err));
}

/**
 * The code of a request handed back unsent: a 429 came back on its pool while it waited for a socket. Nothing of
 * it crossed the wire, so it is not an attempt; the sender sends it again once the target's pause allows.
 */
export const HELD_BACK = "HELD_BACK";
