import type { ScimRequest, ScimResponse } from "../provisioning/dialects/types";

const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const JSON_TYPE = { "content-type": "application/scim+json" };

type Resource = Record<string, unknown>;

/**
 * One account on a well-behaved target, followed through a whole lifecycle while a dialect renders it: the POST
 * makes it, a read returns what was written, a PUT replaces it, a DELETE removes it. A dialect that reads before
 * it writes (Okta's GET, then PUT) so renders a PUT that carries the whole account, as it would against a real
 * server, not just the attributes a single canned answer holds.
 */
export function cannedAccount(remoteId: string) {
  let resource: Resource | null = null;
  // A server never returns a password; what it stores is what the next read shows.
  const store = (body: unknown) => {
    const {
      password: _password,
      schemas,
      ...rest
    } = (body && typeof body === "object" ? body : {}) as Resource;
    resource = { schemas, id: remoteId, ...rest, meta: { resourceType: "User" } };
    return resource;
  };
  return (request: ScimRequest): ScimResponse => {
    const listing = request.path === "/Users";
    switch (request.method) {
      case "GET":
        if (listing) {
          const found = resource ? [resource] : [];
          return {
            status: 200,
            headers: JSON_TYPE,
            body: { schemas: [LIST], totalResults: found.length, Resources: found },
          };
        }
        return resource
          ? { status: 200, headers: JSON_TYPE, body: resource }
          : { status: 404, headers: JSON_TYPE, body: null };
      case "POST":
        return { status: 201, headers: JSON_TYPE, body: store(request.body) };
      case "PUT":
        return { status: 200, headers: JSON_TYPE, body: store(request.body) };
      case "DELETE":
        resource = null;
        return { status: 204, headers: {}, body: null };
      default:
        return { status: 200, headers: JSON_TYPE, body: resource };
    }
  };
}
