import { parentPort, workerData } from "node:worker_threads";
import { createHttpClient, WireError } from "./http-client";
import type { WireCall, WireReply } from "./wire-thread";

/**
 * The wire's own thread: node:http's client, its keep-alive agents and every socket live here, so the engine's
 * thread spends its time on planning, redaction and the stores while this one reads and writes the sockets.
 */
const port = parentPort;
if (port) {
  const client = createHttpClient((workerData as { maxSockets: number }).maxSockets);
  // Answers that arrive in one turn go back as one message, as the requests came.
  let replies: WireReply[] = [];
  const reply = (r: WireReply) => {
    if (replies.push(r) === 1)
      queueMicrotask(() => {
        const batch = replies;
        replies = [];
        port.postMessage(batch);
      });
  };
  port.on("message", (call: WireCall) => {
    if (call.type === "close") {
      client.close();
      return;
    }
    for (const { id, request } of call.calls) {
      client.send(request).then(
        (response) => reply({ id, response }),
        (err: unknown) => {
          const e = err instanceof WireError ? err : new WireError("ERROR", String(err));
          reply({ id, error: { code: e.code, message: e.message, staleSocket: e.staleSocket } });
        },
      );
    }
  });
}
