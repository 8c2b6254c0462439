import { type DecodedAnswer, decoded } from "./content-coding";
import type { Answer } from "./http1-answer";
import type { Connection, Endpoint, Outgoing } from "./http1-connection";
import { HELD_BACK, WireError } from "./wire-error";

/** The sockets to one origin under one bound, and the requests waiting for one of them. */
export interface Pool {
  endpoint: Endpoint;
  max: number;
  open: Set<Connection>;
  idle: Connection[];
  waiting: Queued[];
  /** When any of its sockets last read a whole answer (Date.now()); 0 before the first. */
  answeredAt: number;
}

/** What a request's bytes are, as the client prepared them. */
type Bytes = Pick<Outgoing, "head" | "asciiHead" | "body" | "noBody" | "closeAfter">;

/**
 * A request in a pool, from its queueing to its answer. A class, not an object literal with arrows in it: the
 * TypeScript loader names every such arrow as it is made, which at a cycle's pace was a cost of its own.
 */
export class Queued implements Outgoing {
  readonly head: string;
  readonly asciiHead: boolean;
  readonly body: string | undefined;
  readonly noBody: boolean;
  readonly closeAfter: boolean;
  settled = false;
  connection: Connection | null = null;
  /** Its timeout, re-armed when it leaves the queue for a socket. */
  timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(
    bytes: Bytes,
    /** The retry after a stale socket, which must not take an idle one. */
    readonly fresh: boolean,
    readonly pool: Pool,
    private readonly resolve: (answer: DecodedAnswer) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    this.head = bytes.head;
    this.asciiHead = bytes.asciiHead;
    this.body = bytes.body;
    this.noBody = bytes.noBody;
    this.closeAfter = bytes.closeAfter;
  }

  answered(answer: Answer): void {
    this.pool.answeredAt = Date.now();
    clearTimeout(this.timer);
    if (answer.status === 429) holdBack(this.pool);
    decoded(answer).then(this.resolve, this.reject);
  }

  failed(err: WireError): void {
    clearTimeout(this.timer);
    this.reject(err);
  }
}

/**
 * A 429 asks this client to slow down. As an IdP has then sent only what was already on its sockets, requests
 * still queued for one go back unsent, to wait for the pause the sender sets from the 429's Retry-After.
 */
function holdBack(pool: Pool): void {
  for (const out of pool.waiting.splice(0)) {
    if (out.settled) continue;
    out.settled = true;
    out.failed(new WireError(HELD_BACK, "held back unsent: the target answered 429 to a request before it"));
  }
}
