import { useEffect, useState } from "react";
import type { ConnectionState } from "../live";
import "./connection-indicator.css";

/** A dot and a word: live, connecting, or offline with a countdown to the next try. */
export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (state.status !== "closed") return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [state]);

  let label: string;
  if (state.status === "open") label = "Live";
  else if (state.status === "connecting") label = state.attempt > 0 ? "Reconnecting…" : "Connecting…";
  else label = `Offline · retry in ${Math.max(0, Math.ceil((state.retryAt - now) / 1000))}s`;

  return (
    <output
      className={`connection connection-${state.status}`}
      data-testid="connection"
      data-state={state.status}
      title="Live channel /ws: streams every SCIM exchange and directory change"
    >
      <span className="dot" aria-hidden="true" />
      {label}
    </output>
  );
}
