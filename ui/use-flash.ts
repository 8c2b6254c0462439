import { useCallback, useEffect, useRef, useState } from "react";

const FLASH_MS = 2600;

export interface Flashes {
  /** The keys flashing now, each with a token that changes on every new change, to key the row by. */
  flashing: ReadonlyMap<string, number>;
  /** Starts (or restarts) the highlight of these keys. */
  flash: (keys: readonly string[]) => void;
}

/**
 * Highlights named by key, for lists that know themselves what changed (a paged list compares each page it reads
 * again with what it showed before). A row keyed by its token replays its highlight animation.
 */
export function useFlashes(): Flashes {
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const counter = useRef(0);
  const [flashing, setFlashing] = useState<ReadonlyMap<string, number>>(new Map());

  const flash = useCallback((keys: readonly string[]) => {
    if (keys.length === 0) return;
    const token = ++counter.current;
    setFlashing((current) => {
      const updated = new Map(current);
      for (const k of keys) updated.set(k, token);
      return updated;
    });
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFlashing((current) => {
        const updated = new Map(current);
        for (const k of keys) if (updated.get(k) === token) updated.delete(k);
        return updated;
      });
    }, FLASH_MS);
    timers.current.add(timer);
  }, []);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
    };
  }, []);

  return { flashing, flash };
}

/**
 * Which items changed (or appeared) since the previous list, each with a token that changes on every new change,
 * so a row keyed by it replays its highlight animation. The first list seen flashes nothing.
 */
export function useFlash<T>(
  items: readonly T[] | undefined,
  key: (item: T) => string,
  signature: (item: T) => string,
): ReadonlyMap<string, number> {
  const previous = useRef<Map<string, string> | null>(null);
  const { flashing, flash } = useFlashes();

  useEffect(() => {
    if (!items) return;
    const next = new Map(items.map((item) => [key(item), signature(item)]));
    const before = previous.current;
    previous.current = next;
    if (!before) return;
    flash([...next].filter(([k, sig]) => before.get(k) !== sig).map(([k]) => k));
  }, [items, key, signature, flash]);

  return flashing;
}
