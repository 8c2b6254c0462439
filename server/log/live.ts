import type { IncomingMessage, Server } from "node:http";
import { WebSocket, WebSocketServer } from "ws";

export interface LiveHub {
  broadcast(message: object): void;
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
  // A slow client must not grow memory without bound; it is dropped and can reconnect and re-read /api/log.
  const MAX_BUFFERED = 8 * 1024 * 1024;
  return {
    broadcast(message) {
      const text = JSON.stringify(message);
      for (const client of wss.clients) {
        if (client.readyState !== WebSocket.OPEN) continue;
        if (client.bufferedAmount > MAX_BUFFERED) client.terminate();
        else client.send(text);
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
