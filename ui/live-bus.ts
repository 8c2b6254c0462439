import { useEffect, useRef } from "react";
import type { LiveMessage } from "../server/protocol";

/**
 * A live message, or word to read again whatever is shown: the socket (re)connected and what was sent while it was
 * down is lost, or a change was made that announces itself with no event (leftovers kept as ordinary entries).
 */
export type LiveSignal = LiveMessage | { type: "reread" };

// The page has one /ws connection (in the app); a panel that keeps its own rows (a paged list) listens to it here.
const listeners = new Set<(signal: LiveSignal) => void>();

export function publishLive(signal: LiveSignal): void {
  for (const listener of listeners) listener(signal);
}

/** Calls `onSignal` with every live message, for as long as the component is mounted. */
export function useLiveSignals(onSignal: (signal: LiveSignal) => void): void {
  const handler = useRef(onSignal);
  handler.current = onSignal;
  useEffect(() => {
    const listener = (signal: LiveSignal) => handler.current(signal);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
