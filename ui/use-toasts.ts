import { useCallback, useRef, useState } from "react";
import type { Toast } from "./components/toast-stack";

const TOAST_MS = 6000;

/** The page's passing messages: each shows for a few seconds, or until dismissed. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toastId = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);
  const notify = useCallback(
    (message: string, kind: Toast["kind"] = "error") => {
      const id = ++toastId.current;
      setToasts((current) => [...current, { id, kind, message }]);
      setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );
  return { toasts, notify, dismiss };
}
