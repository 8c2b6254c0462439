import { useCallback, useState } from "react";
import { messageOf } from "./api";

export interface Action<K extends string> {
  /** Which action is running, or null: one at a time, so every button can be disabled while any runs. */
  running: K | null;
  /** Why the last action failed, as "<label> failed: <reason>". */
  error: string | null;
  /** Runs an action; on failure `onFail` undoes what it showed before the error is set. */
  run: (kind: K, label: string, action: () => Promise<void>, onFail?: () => void) => Promise<void>;
}

/** The buttons of one card that each call the API: which is running, and what the last failure was. */
export function useAction<K extends string>(): Action<K> {
  const [running, setRunning] = useState<K | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async (kind: K, label: string, action: () => Promise<void>, onFail?: () => void) => {
      setRunning(kind);
      setError(null);
      try {
        await action();
      } catch (err) {
        onFail?.();
        setError(`${label} failed: ${messageOf(err)}`);
      } finally {
        setRunning(null);
      }
    },
    [],
  );

  return { running, error, run };
}
