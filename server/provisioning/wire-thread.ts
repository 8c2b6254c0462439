import { Worker } from "node:worker_threads";
import {
  createHttpClient,
  type HttpClient,
  WireError,
  type WireRequest,
  type WireResponse,
} from "./http-client";

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
export function createWireThread(
  maxSockets: number,
  /** The worker's module; only a test names another, to see the thread fail. */
  entry = new URL("./wire-worker.ts", import.meta.url).href,
): HttpClient {
  const pending = new Map<number, { resolve(r: WireResponse): void; reject(e: WireError): void }>();
  let next = 0;
  let closed = false;
  // A thread that cannot start or dies leaves the requests to this thread's own client: slower, never stuck.
  let fallback: HttpClient | null = null;
  let outgoing: Array<{ id: number; request: WireRequest }> = [];
  const failAll = (err: WireError) => {
    for (const waiting of pending.values()) waiting.reject(err);
    pending.clear();
    outgoing = [];
  };
  const stopped = (why: string) => {
    if (closed || fallback) return;
    console.error(`scimulator: the wire thread stopped (${why}); requests go out from the main thread now`);
    fallback = createHttpClient(maxSockets);
    // Whether these reached the server is unknown: they fail as a dropped connection does, and the sender's
    // retries send them again.
    failAll(new WireError("ERROR", `the wire thread stopped: ${why}`));
  };
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL("./wire-worker-boot.mjs", import.meta.url), {
      workerData: { entry, maxSockets },
    });
  } catch (err) {
    stopped((err as Error).message);
  }
  // The thread keeps the process alive only while a request is out, as a socket would.
  worker?.unref();
  worker?.on("message", (replies: WireReply[]) => {
    for (const reply of replies) {
      const waiting = pending.get(reply.id);
      if (!waiting) continue;
      pending.delete(reply.id);
      if ("response" in reply) waiting.resolve(reply.response);
      else waiting.reject(new WireError(reply.error.code, reply.error.message, reply.error.staleSocket));
    }
    if (pending.size === 0) worker?.unref();
  });
  worker?.on("error", (err) => stopped(err.message));
  worker?.on("exit", (code) => stopped(`it exited with code ${code}`));
  // Requests made in one turn of the event loop cross to the wire thread as one message: each message costs a
  // wake-up of the other thread, whatever it holds.
  const post = () => {
    const calls = outgoing;
    outgoing = [];
    if (!closed && !fallback && calls.length > 0)
      worker?.postMessage({ type: "send", calls } satisfies WireCall);
  };
  return {
    send(request: WireRequest): Promise<WireResponse> {
      if (closed) return Promise.reject(new WireError("ERROR", "the HTTP client is closed"));
      if (fallback || !worker) {
        fallback ??= createHttpClient(maxSockets);
        return fallback.send(request);
      }
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
      fallback?.close();
      worker?.postMessage({ type: "close" } satisfies WireCall);
      failAll(new WireError("ERROR", "the HTTP client is closed"));
      void worker?.terminate();
    },
  };
}
