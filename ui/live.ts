import { useEffect, useRef, useState } from "react";
import type { LiveMessage } from "../server/protocol";

export type ConnectionState =
  | { status: "connecting"; attempt: number }
  | { status: "open"; since: number }
  | { status: "closed"; retryAt: number; attempt: number };

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

export function liveUrl(loc: Location = window.location): string {
  return `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}/ws`;
}

function isLiveMessage(value: unknown): value is LiveMessage {
  return (
    typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
  );
}

/**
 * Keeps one WebSocket to /ws open for the life of the component, reconnecting with exponential backoff.
 * `onOpen` runs on every (re)connect, so callers can re-read whatever they may have missed while offline.
 */
export function useLive(onMessage: (message: LiveMessage) => void, onOpen?: () => void): ConnectionState {
  const [state, setState] = useState<ConnectionState>({ status: "connecting", attempt: 0 });
  const handlers = useRef({ onMessage, onOpen });
  handlers.current = { onMessage, onOpen };

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;

    const connect = () => {
      setState({ status: "connecting", attempt });
      const ws = new WebSocket(liveUrl());
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        setState({ status: "open", since: Date.now() });
        handlers.current.onOpen?.();
      };
      ws.onmessage = (event) => {
        if (typeof event.data !== "string") return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(event.data);
        } catch {
          return;
        }
        if (isLiveMessage(parsed)) handlers.current.onMessage(parsed);
      };
      ws.onclose = () => {
        if (stopped || socket !== ws) return;
        attempt++;
        const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** (attempt - 1));
        setState({ status: "closed", retryAt: Date.now() + delay, attempt });
        timer = setTimeout(connect, delay);
      };
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, []);

  return state;
}
