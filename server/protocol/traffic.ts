// The traffic view's vocabulary: how the log is narrowed, what a page of it names, and why a request looks as it does.

import type { Page } from "./api";
import type { Exchange } from "./exchanges";

/** Status classes a log search can ask for; `err` is an exchange that got no answer at all. */
export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx", "err"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/**
 * The narrowing `GET /api/log` and `GET /api/log/export` take as query parameters, each optional and all combined:
 * `target` (an id or a name), `method`, `status` (a class), `path` (a piece of the URL), `cause` (a piece of the
 * cause type, such as `cycle` or `user.deactivated`), `user` and `group` (exact directory ids) and `who` (a piece of
 * the name of the user or group the exchange was about).
 */
export interface LogFilter {
  target?: string;
  method?: string;
  status?: StatusClass;
  path?: string;
  cause?: string;
  user?: string;
  group?: string;
  who?: string;
}

export const LOG_FILTER_KEYS = [
  "target",
  "method",
  "status",
  "path",
  "cause",
  "user",
  "group",
  "who",
] as const;

/** A page of the log with the names of the users and groups its exchanges were about, keyed by directory id. */
export interface LogPage extends Page<Exchange> {
  names: Record<string, string>;
}

/** One reason a request looks as it does, as a dialect's spec states it. */
export interface WireReason {
  /** The rule, in one sentence: "Entra sends `active` as the string "False"". */
  rule: string;
  /** The documented source, as docs/dialects.md names it. */
  source: string;
  /** Where docs/dialects.md explains it: the file and its heading's anchor. */
  docs: string;
  /** The RFC section that governs the request, such as "RFC 7644 §3.5.2.3". */
  rfc: string;
  /** What a server that follows the RFCs to the letter is expected to answer. */
  strictAnswer: string;
}

/** Why an exchange (live or dry run) looks as it does: the rules of its dialect that produced it, most telling first. */
export interface RequestExplanation {
  profile: string;
  method: string;
  path: string;
  reasons: WireReason[];
}
