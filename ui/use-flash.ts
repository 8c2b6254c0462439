import { useEffect, useRef, useState } from "react";

const FLASH_MS = 2600;

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
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const counter = useRef(0);
  const [flashing, setFlashing] = useState<ReadonlyMap<string, number>>(new Map());

  useEffect(() => {
    if (!items) return;
    const next = new Map(items.map((item) => [key(item), signature(item)]));
    const before = previous.current;
    previous.current = next;
    if (!before) return;
    const changed = [...next].filter(([k, sig]) => before.get(k) !== sig).map(([k]) => k);
    if (changed.length === 0) return;
    const token = ++counter.current;
    setFlashing((current) => {
      const updated = new Map(current);
      for (const k of changed) updated.set(k, token);
      return updated;
    });
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFlashing((current) => {
        const updated = new Map(current);
        for (const k of changed) if (updated.get(k) === token) updated.delete(k);
        return updated;
      });
    }, FLASH_MS);
    timers.current.add(timer);
  }, [items, key, signature]);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
    };
  }, []);

  return flashing;
}
