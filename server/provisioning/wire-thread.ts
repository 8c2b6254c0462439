import { Worker } from "node:worker_threads";
import { type HttpClient, WireError, type WireRequest, type WireResponse } from "./http-client";

/** What the engine's thread asks of the wire thread. */
export type WireCall =
  | { type: "send"; calls: Array<{ id: number; request: WireRequest }> }
  | { type: "close" };

/** The wire thread's answer to one request: the response, or the failure as a WireError's fields. */
export type WireReply =
  | { id: number; response: WireResponse }
  | { id: number; error: { code: string; message: string; staleSocket: boolean } };

/**
 * The same HTTP client, run on a thread of its own. A laptop has more than one core and a cycle keeps the engine's
 * busy: building a request from the dialect, redacting it, logging it and keeping the links durable. Sockets,
 * header parsing and response bodies then cost that thread one message each way. What goes on the wire is
 * unchanged: the worker runs `createHttpClient`, byte for byte.
 */
export function createWireThread(maxSockets: number): HttpClient {
  const worker = new Worker(new URL("./wire-worker-boot.mjs", import.meta.url), {
    workerData: { entry: new URL("./wire-worker.ts", import.meta.url).href, maxSockets },
  });
  const pending = new Map<number, { resolve(r: WireResponse): void; reject(e: WireError): void }>();
  let next = 0;
  let closed = false;
  // The thread keeps the process alive only while a request is out, as a socket would.
  worker.unref();
  const failAll = (err: WireError) => {
    for (const waiting of pending.values()) waiting.reject(err);
    pending.clear();
  };
  worker.on("message", (replies: WireReply[]) => {
    for (const reply of replies) {
      const waiting = pending.get(reply.id);
      if (!waiting) continue;
      pending.delete(reply.id);
      if ("response" in reply) waiting.resolve(reply.response);
      else waiting.reject(new WireError(reply.error.code, reply.error.message, reply.error.staleSocket));
    }
    if (pending.size === 0) worker.unref();
  });
  // Requests made in one turn of the event loop cross to the wire thread as one message: each message costs a
  // wake-up of the other thread, whatever it holds.
  let outgoing: Array<{ id: number; request: WireRequest }> = [];
  const post = () => {
    const calls = outgoing;
    outgoing = [];
    if (!closed) worker.postMessage({ type: "send", calls } satisfies WireCall);
  };
  worker.on("error", (err) => {
    closed = true;
    failAll(new WireError("ERROR", `the wire thread stopped: ${err.message}`));
  });
  worker.on("exit", () => {
    closed = true;
    failAll(new WireError("ERROR", "the wire thread stopped"));
  });
  return {
    send(request: WireRequest): Promise<WireResponse> {
      if (closed) return Promise.reject(new WireError("ERROR", "the HTTP client is closed"));
      const id = ++next;
      if (pending.size === 0) worker.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (outgoing.push({ id, request }) === 1) queueMicrotask(post);
      });
    },
    close(): void {
      if (closed) return;
      closed = true;
      worker.postMessage({ type: "close" } satisfies WireCall);
      failAll(new WireError("ERROR", "the HTTP client is closed"));
      void worker.terminate();
    },
  };
}
