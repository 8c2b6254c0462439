import { parentPort } from "node:worker_threads";
import { createHttpClient, WireError } from "./http-client";
import { toWireError } from "./wire-error";
import { preparedOf, type WireCall, type WireReply } from "./wire-thread";

/**
 * The wire's own thread: node:http's client, its keep-alive agents and every socket live here, so the engine's
 * thread spends its time on planning, redaction and the stores while this one reads and writes the sockets. One
 * thread serves every simulator in the process, each through a client of its own.
 */
const port = parentPort;
if (port) {
  const clients = new Map<number, ReturnType<typeof createHttpClient>>();
  // Answers read in one pass of the event loop go back as one message. Each socket's data is a callback of its
  // own, and a microtask would run after each, so the batch waits for setImmediate, once every socket that was
  // ready has been read: at a cycle's pace that is a fifth less CPU on both threads than a message per answer.
  let replies: WireReply[] = [];
  const reply = (r: WireReply) => {
    if (replies.push(r) === 1)
      setImmediate(() => {
        const batch = replies;
        replies = [];
        port.postMessage(batch);
      });
  };
  const failed = (id: number, err: unknown) => {
    const e = toWireError(err);
    reply([id, e.code, e.message, e.staleSocket]);
  };
  port.on("message", (call: WireCall) => {
    if (call.type === "open") {
      clients.set(call.client, createHttpClient(call.maxSockets));
      return;
    }
    if (call.type === "close") {
      clients.get(call.client)?.close();
      clients.delete(call.client);
      return;
    }
    for (const sent of call.calls) {
      const [id, client] = sent;
      const http = clients.get(client);
      if (!http) failed(id, new WireError("ERROR", "the HTTP client is closed"));
      else
        http.sendPrepared(preparedOf(sent)).then(
          (response) => reply([id, response.status, response.headers, response.body]),
          (err: unknown) => failed(id, err),
        );
    }
  });
}
