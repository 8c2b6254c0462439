// Golden exchanges of the rfc dialect per operation, and the per-target overrides any dialect honours. Each
// expectation cites where the shape comes from; see ../shared/reference/idp-wire.md and docs/dialects.md.
import { describe, expect, it } from "vitest";
import type { RenderedExchange, TargetOptions } from "../server/protocol";
import { RENDER_REMOTE_ID } from "../server/provisioning/dry-run";
import { line, render } from "./support/golden-render";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("the rfc dialect", () => {
  it("adds a first work email as an entry, replaces a changed one and removes a cleared one (RFC 7644 §3.5.2)", () => {
    const add = render("rfc", "update", { email: "a@example.com" }, {}, { email: null });
    expect(add[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        { op: "add", path: "emails", value: [{ value: "a@example.com", type: "work", primary: true }] },
      ],
    });
    const replace = render("rfc", "update", { email: "b@example.com" });
    expect(replace[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: 'emails[type eq "work"].value', value: "b@example.com" }],
    });
    const remove = render("rfc", "update", { email: null });
    expect(remove[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "remove", path: 'emails[type eq "work"]' }],
    });
  });

  it("honours per-target overrides of the User-Agent, the update method and the matching attribute", () => {
    const options: TargetOptions = {
      userAgent: "Acme IdP/2",
      updateMethod: "PUT",
      matchAttribute: "externalId",
    };
    const create = render("rfc", "create", {}, options);
    expect(line(create[0] as RenderedExchange)).toBe('GET /Users?filter=externalId eq "d1"');
    expect(create[0]?.headers["user-agent"]).toBe("Acme IdP/2");
    const update = render("rfc", "update", { title: "Lead" }, options);
    expect(update.map((e) => e.method)).toEqual(["PUT"]);
    expect(update[0]?.body).toMatchObject({ id: RENDER_REMOTE_ID, title: "Lead" });
  });
});
