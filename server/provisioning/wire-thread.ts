import { Worker } from "node:worker_threads";
import {
  createHttpClient,
  type HttpClient,
  type PreparedRequest,
  prepareRequest,
  WireError,
  type WireRequest,
  type WireResponse,
} from "./http-client";

/**
 * What the engine's thread asks of the wire thread. A request crosses as its prepared bytes, checked here, so a
 * header that cannot go on the wire fails at once, and the message holds strings rather than the header pairs.
 */
export type WireCall =
  | { type: "open"; client: number; maxSockets: number }
  | { type: "send"; calls: SendCall[] }
  | { type: "close"; client: number };

/**
 * One request as it crosses: a tuple rather than an object, since a message's copy writes out every key of every
 * object in it, and a cycle sends thousands a second; the tuple took a third off that copy.
 */
export type SendCall = [
  id: number,
  client: number,
  origin: string,
  head: string,
  asciiHead: boolean,
  body: string | undefined,
  noBody: boolean,
  closeAfter: boolean,
  timeoutMs: number,
  maxSockets: number | undefined,
];

/** A request's tuple as the wire thread's client takes it. */
export const preparedOf = (call: SendCall): PreparedRequest => ({
  origin: call[2],
  head: call[3],
  asciiHead: call[4],
  body: call[5],
  noBody: call[6],
  closeAfter: call[7],
  timeoutMs: call[8],
  maxSockets: call[9],
});

/** The wire thread's answer to one request: [id, status, headers, body], or [id, code, message, stale socket]. */
export type WireReply =
  | [id: number, status: number, headers: Record<string, string>, body: string]
  | [id: number, code: string, message: string, staleSocket: boolean];

/** A request out on the wire thread: its promise's settle functions and the handle that sent it. */
type Waiting = { resolve(r: WireResponse): void; reject(e: WireError): void; client: number };

/** One wire thread for the process: a simulator's client is a handle on it, so a new simulator costs no new thread. */
interface Thread {
  worker: Worker | null;
  pending: Map<number, Waiting>;
  outgoing: SendCall[];
  /** Set once the thread could not start or stopped; every handle then sends from this thread. */
  failed: string | null;
  onFailed: Set<() => void>;
  /** Open handles; the thread ends a moment after the last one closes, unless another opens meanwhile. */
  handles: number;
  idle: NodeJS.Timeout | null;
  ending: boolean;
}

/** How long a thread with no handle waits for the next simulator before it ends. */
const IDLE_MS = 2000;

const threads = new Map<string, Thread>();
let nextId = 0;
let nextClient = 0;

function threadFor(entry: string): Thread {
  const found = threads.get(entry);
  if (found) return found;
  const thread: Thread = {
    worker: null,
    pending: new Map(),
    outgoing: [],
    failed: null,
    onFailed: new Set(),
    handles: 0,
    idle: null,
    ending: false,
  };
  threads.set(entry, thread);
  const stopped = (why: string) => {
    if (thread.failed !== null || thread.ending) return;
    thread.failed = why;
    threads.delete(entry);
    console.error(`scimulator: the wire thread stopped (${why}); requests go out from the main thread now`);
    // Whether these reached the server is unknown: they fail as a dropped connection does, and the sender's
    // retries send them again.
    const err = new WireError("ERROR", `the wire thread stopped: ${why}`);
    for (const waiting of thread.pending.values()) waiting.reject(err);
    thread.pending.clear();
    thread.outgoing = [];
    for (const listener of thread.onFailed) listener();
  };
  try {
    thread.worker = new Worker(new URL("./wire-worker-boot.mjs", import.meta.url), { workerData: { entry } });
  } catch (err) {
    stopped((err as Error).message);
    return thread;
  }
  const worker = thread.worker;
  // The thread keeps the process alive only while a request is out, as a socket would.
  worker.unref();
  worker.on("message", (replies: WireReply[]) => {
    for (const reply of replies) {
      const waiting = thread.pending.get(reply[0]);
      if (!waiting) continue;
      thread.pending.delete(reply[0]);
      if (typeof reply[1] === "number")
        waiting.resolve({
          status: reply[1],
          headers: reply[2] as Record<string, string>,
          body: reply[3] as string,
        });
      else waiting.reject(new WireError(reply[1], reply[2] as string, reply[3] as boolean));
    }
    if (thread.pending.size === 0) worker.unref();
  });
  worker.on("error", (err) => stopped(err.message));
  worker.on("exit", (code) => stopped(`it exited with code ${code}`));
  return thread;
}

/**
 * The same HTTP client, run on a thread of its own. A laptop has more than one core and a cycle keeps the engine's
 * busy: building a request from the dialect, redacting it, logging it and keeping the links durable. Sockets,
 * header parsing and response bodies then cost that thread one message each way. What goes on the wire is
 * unchanged: the worker runs `createHttpClient`, byte for byte. A thread that cannot start or dies leaves the
 * requests to this thread's own client: slower, never stuck.
 */
export function createWireThread(
  maxSockets: number,
  /** The worker's module; only a test names another, to see the thread fail. */
  entry = new URL("./wire-worker.ts", import.meta.url).href,
): HttpClient {
  const thread = threadFor(entry);
  thread.handles++;
  if (thread.idle) clearTimeout(thread.idle);
  thread.idle = null;
  const client = ++nextClient;
  let closed = false;
  let fallback: HttpClient | null = null;
  const fallBack = () => {
    fallback ??= createHttpClient(maxSockets);
  };
  if (thread.failed !== null) fallBack();
  else {
    thread.onFailed.add(fallBack);
    thread.worker?.postMessage({ type: "open", client, maxSockets } satisfies WireCall);
  }
  // Requests made in one pass of the event loop cross to the wire thread as one message: each message costs a
  // wake-up of the other thread, whatever it holds. setImmediate rather than a microtask gathers the requests of
  // every answer that one message brought back, not only those of the first.
  const post = () => {
    const calls = thread.outgoing;
    thread.outgoing = [];
    if (thread.failed === null && calls.length > 0)
      thread.worker?.postMessage({ type: "send", calls } satisfies WireCall);
  };
  return {
    send(request: WireRequest): Promise<WireResponse> {
      if (closed) return Promise.reject(new WireError("ERROR", "the HTTP client is closed"));
      if (fallback || thread.failed !== null || !thread.worker) {
        fallBack();
        return (fallback as HttpClient).send(request);
      }
      let prepared: PreparedRequest;
      try {
        prepared = prepareRequest(request);
      } catch (err) {
        return Promise.reject(err);
      }
      const id = ++nextId;
      if (thread.pending.size === 0) thread.worker.ref();
      return new Promise((resolve, reject) => {
        thread.pending.set(id, { resolve, reject, client });
        const call: SendCall = [
          id,
          client,
          prepared.origin,
          prepared.head,
          prepared.asciiHead,
          prepared.body,
          prepared.noBody,
          prepared.closeAfter,
          prepared.timeoutMs,
          prepared.maxSockets,
        ];
        if (thread.outgoing.push(call) === 1) setImmediate(post);
      });
    },
    close(): void {
      if (closed) return;
      closed = true;
      thread.onFailed.delete(fallBack);
      fallback?.close();
      const err = new WireError("ERROR", "the HTTP client is closed");
      for (const [id, waiting] of thread.pending) {
        if (waiting.client !== client) continue;
        thread.pending.delete(id);
        waiting.reject(err);
      }
      thread.outgoing = thread.outgoing.filter((c) => c[1] !== client);
      if (thread.pending.size === 0) thread.worker?.unref();
      if (thread.failed === null) thread.worker?.postMessage({ type: "close", client } satisfies WireCall);
      if (--thread.handles === 0) {
        thread.idle = setTimeout(() => {
          if (thread.handles > 0) return;
          thread.ending = true;
          if (threads.get(entry) === thread) threads.delete(entry);
          void thread.worker?.terminate();
        }, IDLE_MS);
        thread.idle.unref();
      }
    },
  };
}
