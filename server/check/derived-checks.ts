import type { CheckFinding, CheckId, Exchange } from "../protocol";
import type { CheckRun, DialectRun } from "./context";
import { failed, ok, sentText, warned } from "./evidence";
import { attr, ERROR_SCHEMA, idOf, isObject, LIST_SCHEMA, PATCH_SCHEMA, schemasOf } from "./resources";

// Checks over every answer the server gave this IdP, the lifecycle's and the validators' alike.

const everything = (run: DialectRun): Exchange[] =>
  run.host.log.list().filter((e) => e.targetId === run.target.id && e.response !== null);

/** Users and Groups carry ids; the discovery documents (ServiceProviderConfig) do not. */
const isResourceEndpoint = (e: Exchange) => /\/(Users|Groups)(\/|$)/.test(new URL(e.request.url).pathname);

/** A body that is a resource, rather than a list, an error or a PatchOp echo. */
function isResource(body: unknown): boolean {
  if (!isObject(body)) return false;
  const schemas = schemasOf(body);
  if (schemas.some((s) => s === LIST_SCHEMA || s === ERROR_SCHEMA || s === PATCH_SCHEMA)) return false;
  return (
    attr(body, "userName") !== undefined || attr(body, "displayName") !== undefined || schemas.length > 0
  );
}

const resourceIds: CheckRun = async (run) => {
  const findings: CheckFinding[] = [];
  for (const e of everything(run).filter((e) => ok(e) && isResourceEndpoint(e))) {
    const body = e.response?.body;
    const listed = attr(body, "Resources");
    const resources = Array.isArray(listed) ? listed : isResource(body) ? [body] : [];
    const without = resources.filter((r) => idOf(r) === undefined).length;
    if (without > 0)
      findings.push(
        failed(
          `${sentText(e, run.target.baseUrl)} was answered with ${without} resource(s) that have no id`,
          e,
        ),
      );
  }
  return { findings: findings.slice(0, 5), summary: `${everything(run).length} answers read` };
};

const JSON_TYPE = /^application\/(scim\+)?json\b/i;

const contentType: CheckRun = async (run) => {
  const findings: CheckFinding[] = [];
  let plainJson = 0;
  let firstPlain: Exchange | undefined;
  for (const e of everything(run)) {
    const response = e.response;
    if (!response || response.body === null || response.status === 204) continue;
    const type = response.headers["content-type"] ?? "";
    const unreadable = typeof response.body === "string";
    if (!JSON_TYPE.test(type) || unreadable) {
      findings.push(
        failed(
          `${sentText(e, run.target.baseUrl)} was answered ${response.status} with ${type ? `Content-Type ${type}` : "no Content-Type"}${unreadable ? " and a body that is not JSON" : ""}`,
          e,
        ),
      );
    } else if (!/^application\/scim\+json/i.test(type)) {
      plainJson++;
      firstPlain ??= e;
    }
  }
  if (plainJson > 0)
    findings.push(
      warned(
        `${plainJson} answer(s) came as application/json rather than application/scim+json`,
        "Answer with Content-Type: application/scim+json (RFC 7644 §8.1); IdPs accept application/json",
        firstPlain,
      ),
    );
  return { findings: findings.slice(0, 5), summary: `${everything(run).length} answers read` };
};

export const derivedChecks: Partial<Record<CheckId, CheckRun>> = {
  "resource.id": resourceIds,
  "content-type": contentType,
};
