import type { IncomingMessage, Server } from "node:http";
import { WebSocket, WebSocketServer } from "ws";

export interface LiveHub {
  /**
   * `json`: the message's serialisation, when the caller keeps one (an exchange is serialised once, for all);
   * asked for only when a client is connected.
   */
  broadcast(message: object, json?: () => string): void;
  clients(): number;
  close(): Promise<void>;
}

/** Refuses an upgrade with a status and a reason, or returns null to let it through. */
export type UpgradeCheck = (req: IncomingMessage) => { status: number; message: string } | null;

/** The /ws fan-out: each message is serialised once and the same string goes to every open client. */
export function attachLiveHub(server: Server, path: string, check: UpgradeCheck): LiveHub {
  const wss = new WebSocketServer({
    server,
    path,
    verifyClient: (info, done) => {
      // This runs inside the server's upgrade event: a throw here would end the process.
      let refusal: ReturnType<UpgradeCheck>;
      try {
        refusal = check(info.req);
      } catch {
        refusal = { status: 400, message: "Malformed upgrade request" };
      }
      if (refusal) done(false, refusal.status, refusal.message);
      else done(true);
    },
  });
  // A slow client must not grow memory without bound. Past this much unsent data it gets nothing more until it
  // drains; then it is told how many messages it missed, first, so it never loses messages without knowing.
  const MAX_BUFFERED = 1024 * 1024;
  const missed = new WeakMap<WebSocket, number>();
  return {
    broadcast(message, json) {
      if (wss.clients.size === 0) return;
      const text = json ? json() : JSON.stringify(message);
      for (const client of wss.clients) {
        if (client.readyState !== WebSocket.OPEN) continue;
        if (client.bufferedAmount > MAX_BUFFERED) {
          missed.set(client, (missed.get(client) ?? 0) + 1);
          continue;
        }
        const behind = missed.get(client);
        if (behind) {
          client.send(JSON.stringify({ type: "lagged", missed: behind }));
          missed.delete(client);
        }
        client.send(text);
      }
    },
    clients: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
