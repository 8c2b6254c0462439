// Golden exchanges of the okta and okta-aiw dialects per operation. Each expectation cites where the shape comes
// from; see ../shared/reference/idp-wire.md and docs/dialects.md. Source:
//   okta-docs  = okta/okta-developer-docs …/docs/reference/scim/scim-20/index.md
import { describe, expect, it } from "vitest";
import type { RenderedExchange } from "../server/protocol";
import { RENDER_REMOTE_ID, renderTestConnection } from "../server/provisioning/dry-run";
import { BASE, line, render, userUrl } from "./support/golden-render";

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("the okta dialect", () => {
  it("probes with startIndex and count, then POSTs externalId, locale, groups, a random password and active (okta-docs: Create)", () => {
    const [probe, post] = render("okta", "create");
    expect(line(probe as RenderedExchange)).toBe(
      '/Users?filter=userName eq "test.user@okta.local"&startIndex=1&count=100'.replace(/^/, "GET "),
    );
    expect(probe?.url).toBe(
      `${BASE}/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100`,
    );
    expect(post?.method).toBe("POST");
    expect(post?.body).toEqual({
      schemas: [CORE],
      userName: "test.user@okta.local",
      name: { givenName: "Test", familyName: "User" },
      emails: [{ primary: true, value: "test.user@okta.local", type: "work" }],
      displayName: "Test User",
      locale: "en-US",
      // The Okta user id (00u…), the same one its tokens carry as sub (server/idp-ids.ts).
      externalId: "00u6NRfZHc6YI45WeNIL",
      groups: [],
      password: "[random password]",
      active: true,
    });
    expect(post?.headers["user-agent"]).toBe("Okta SCIM Client 1.0.0");
  });

  it("reads the user by id, then PUTs the whole object with id and groups (okta-docs: Update)", () => {
    const [get, put] = render("okta", "update", { givenName: "Another", displayName: "Another User" });
    expect(line(get as RenderedExchange)).toBe(`GET ${userUrl}`);
    expect(put?.method).toBe("PUT");
    expect(put?.body).toMatchObject({
      id: RENDER_REMOTE_ID,
      groups: [],
      name: { givenName: "Another" },
      active: true,
    });
    expect(put?.body).not.toHaveProperty("password");
  });

  it("deactivates with a path-less replace of active and never DELETEs a user (okta-docs: Deactivate)", () => {
    const deactivate = render("okta", "deactivate");
    expect(deactivate.map(line)).toEqual([`GET ${userUrl}`, `PATCH ${userUrl}`]);
    expect(deactivate[1]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    const reactivate = render("okta", "reactivate");
    expect(reactivate[1]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: true } }],
    });
    expect(render("okta", "delete").map((e) => e.method)).not.toContain("DELETE");
  });

  it("tests the connection with startIndex=1&count=2 (Delinea's description of Test API Credentials)", () => {
    expect(line(renderTestConnection("okta", BASE))).toBe("GET /Users?startIndex=1&count=2");
  });
});

describe("the okta-aiw dialect", () => {
  it("sends every update, deactivation and reactivation as a PUT of the full user (okta-docs: AIW apps use PUT)", () => {
    expect(render("okta-aiw", "update", { title: "Lead" }).map((e) => e.method)).toEqual(["GET", "PUT"]);
    const off = render("okta-aiw", "deactivate");
    expect(off.map((e) => e.method)).toEqual(["GET", "PUT"]);
    expect(off[1]?.body).toMatchObject({ id: RENDER_REMOTE_ID, active: false });
    expect(render("okta-aiw", "reactivate")[1]?.body).toMatchObject({ active: true });
  });
});
