import type { Exchange, ServerAnswer } from "../protocol";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The server's own words for a refused exchange: RFC 7644's `scimType` and `detail`, or the `error_message` or
 * `message` of the REST-style bodies many SaaS APIs send. Undefined when the exchange was not refused.
 */
export function serverAnswerOf(exchange: Exchange | undefined): ServerAnswer | undefined {
  const response = exchange?.response;
  if (!response || response.status < 400) return undefined;
  const body = response.body;
  const text = (key: string) => (isRecord(body) && typeof body[key] === "string" ? body[key] : undefined);
  const scimType = text("scimType");
  const detail = text("detail") ?? text("error_message") ?? text("message") ?? text("error");
  return {
    status: response.status,
    ...(scimType ? { scimType } : {}),
    ...(detail ? { detail } : typeof body === "string" && body !== "" ? { detail: body.slice(0, 300) } : {}),
  };
}

/** "the server answered 400 invalidValue: …", for a failure message. */
export function describeServerAnswer(answer: ServerAnswer): string {
  const kind = answer.scimType ? ` ${answer.scimType}` : "";
  const detail = answer.detail ? `: ${JSON.stringify(answer.detail)}` : "";
  return `the server answered ${answer.status}${kind}${detail}`;
}
