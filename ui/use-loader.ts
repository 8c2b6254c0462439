import { useCallback, useEffect, useRef, useState } from "react";
import { messageOf } from "./api";

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  refresh: () => void;
}

/**
 * Loads once on mount and again on every `refresh()`. A burst of refreshes while a load is in flight collapses into
 * one more load after it, so a storm of live events costs at most two requests. While `enabled` is false nothing
 * is read and a refresh does nothing, as enabling reads afresh; the old data stays meanwhile.
 */
export function useLoader<T>(load: () => Promise<T>, enabled = true): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const loader = useRef(load);
  loader.current = load;
  const flight = useRef<{ running: boolean; again: boolean; alive: boolean; enabled: boolean }>({
    running: false,
    again: false,
    alive: true,
    enabled,
  });
  flight.current.enabled = enabled;

  const refresh = useCallback(() => {
    const f = flight.current;
    if (!f.enabled) return;
    if (f.running) {
      f.again = true;
      return;
    }
    f.running = true;
    loader
      .current()
      .then(
        (value) => {
          if (!f.alive) return;
          setData(value);
          setError(null);
        },
        (err: unknown) => {
          if (f.alive) setError(messageOf(err));
        },
      )
      .finally(() => {
        f.running = false;
        if (f.again && f.alive) {
          f.again = false;
          refresh();
        }
      });
  }, []);

  useEffect(() => {
    flight.current.alive = true;
    return () => {
      flight.current.alive = false;
    };
  }, []);

  useEffect(() => {
    if (enabled) refresh();
  }, [enabled, refresh]);

  return { data, error, refresh };
}
