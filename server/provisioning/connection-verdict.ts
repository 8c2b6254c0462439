import type { ScimResponse, TestAcceptance } from "./dialects/types";

const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

function mediaTypeOf(response: ScimResponse): string {
  const header = Object.entries(response.headers).find(([name]) => name.toLowerCase() === "content-type");
  return (header?.[1] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Whether one answer to a Test-connection request is one the IdP accepts, and if not, a reason a person can act
 * on. The IdPs' own tests pass only on a SCIM answer, so a web page, a 404 or a stray JSON body fails here too.
 */
export function judgeTestAnswer(
  response: ScimResponse,
  accepts: TestAcceptance = {},
): { ok: boolean; detail: string } {
  const { status } = response;
  const fail = (detail: string) => ({ ok: false, detail });
  if (status === 0) {
    return fail(
      `No response (${response.error ?? "no answer"}): check the base URL and that the server is running`,
    );
  }
  if (status === 401 || status === 403) {
    return fail(`HTTP ${status}: the target refused the credentials; check the token or password`);
  }
  if (status === 404 && accepts.notFound)
    return { ok: true, detail: "HTTP 404: the test user is unknown, as expected" };
  if (status === 404) {
    return fail(
      "HTTP 404: no SCIM endpoint at this URL; does the base URL end in /scim/v2 (or the app's SCIM path)?",
    );
  }
  const type = mediaTypeOf(response);
  if (type === "text/html") {
    return fail(
      `HTTP ${status}, answered text/html: this looks like a web page, not a SCIM API; check the base URL`,
    );
  }
  if (status < 200 || status >= 300) {
    return fail(
      `HTTP ${status}: the IdP's test expects 200 with a ListResponse; the log has the response body`,
    );
  }
  if (type !== "application/scim+json" && type !== "application/json" && !type.endsWith("+json")) {
    return fail(
      `HTTP ${status}, answered ${type || "no Content-Type"}: a SCIM API answers application/scim+json`,
    );
  }
  const body = response.body;
  const total = isRecord(body) ? body.totalResults : undefined;
  const resources = isRecord(body) ? body.Resources : undefined;
  const schemas = isRecord(body) && Array.isArray(body.schemas) ? body.schemas : [];
  if (typeof total !== "number" || (resources !== undefined && !Array.isArray(resources))) {
    return fail(
      `HTTP ${status}, but the body is not a SCIM ListResponse (it needs a numeric totalResults and a Resources list): is this the SCIM base URL?`,
    );
  }
  if (!schemas.includes(LIST_RESPONSE)) {
    return fail(`HTTP ${status}, but the ListResponse does not declare "schemas":["${LIST_RESPONSE}"]`);
  }
  if (accepts.emptyList && total > 0) {
    return fail(
      `HTTP ${status}, but a filter on a random GUID matched ${total} resource(s): the server does not apply the filter`,
    );
  }
  return { ok: true, detail: `HTTP ${status}: a SCIM ListResponse, as the IdP's test expects` };
}
