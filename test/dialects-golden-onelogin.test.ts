// Golden exchanges of the onelogin dialect per operation. Each expectation cites where the shape comes from; see
// ../shared/reference/idp-wire.md and docs/dialects.md. Source:
//   onelogin   = developers.onelogin.com/scim (implement-scim-api, define-user-schema), onelogin/onelogin-scim-node
import { describe, expect, it } from "vitest";
import { RENDER_REMOTE_ID } from "../server/provisioning/dry-run";
import { line, render } from "./support/golden-render";

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("the onelogin dialect", () => {
  it("looks the user up by userName, then POSTs (onelogin: Get User, Create User)", () => {
    const exchanges = render("onelogin", "create");
    expect(exchanges.map(line)).toEqual([
      'GET /Users?filter=userName eq "test.user@okta.local"',
      "POST /Users",
    ]);
    expect(exchanges[1]?.body).toMatchObject({
      schemas: [CORE, ENT],
      userName: "test.user@okta.local",
      active: true,
    });
  });

  it("updates and suspends with a PUT of the full user and never PATCHes a user (onelogin-scim-node routes)", () => {
    const update = render("onelogin", "update", { title: "Lead" });
    expect(update.map((e) => e.method)).toEqual(["GET", "PUT"]);
    const suspend = render("onelogin", "delete");
    expect(suspend.map((e) => e.method)).toEqual(["GET", "PUT"]);
    expect(suspend[1]?.body).toMatchObject({ id: RENDER_REMOTE_ID, active: false });
    for (const kind of ["update", "deactivate", "reactivate", "delete"] as const) {
      expect(render("onelogin", kind, { title: "X" }).map((e) => e.method)).not.toContain("PATCH");
    }
  });

  it("sends SCIM 1.0 URNs and emails as an object with the published templates, the core one without active (onelogin: define-user-schema)", () => {
    const core = render("onelogin", "create", {}, { template: "v1-core" })[1]?.body;
    expect(core).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      userName: "test.user@okta.local",
      name: { givenName: "Test", familyName: "User", formatted: "Test User" },
    });
    const enterprise = render("onelogin", "create", {}, { template: "v1-enterprise" })[1]?.body;
    expect(enterprise).toMatchObject({
      schemas: ["urn:scim:schemas:core:1.0", "urn:scim:schemas:extension:enterprise:1.0"],
      emails: { value: "test.user@okta.local", type: "work", primary: true },
    });
  });
});
