import { afterEach, describe, expect, it } from "vitest";
import type { TargetOrgInfo } from "../server/protocol";
import { type Running, start } from "./support/simulator";

// The aws-identity-center preset of the embedded org, a second SaaS preset described in one file: its caps on
// group members per request and on list pages.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("a second SaaS preset from one file", () => {
  it("caps group members per request and list pages as AWS IAM Identity Center documents", async () => {
    run = await start();
    const set = await run.api<TargetOrgInfo>("PATCH", "/target-org", { preset: "aws-identity-center" });
    expect(set.body.baseUrl).toBe(`${run.url}/target/scim/v2`);
    const ids: string[] = [];
    for (let n = 0; n < 101; n++) {
      const user = await run.scim<{ id: string }>("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: `m${n}@example.com`,
      });
      ids.push(user.body.id);
    }
    const members = ids.map((value) => ({ value }));
    const groupSchemas = ["urn:ietf:params:scim:schemas:core:2.0:Group"];
    const tooMany = await run.scim<{ scimType: string; detail: string }>("POST", "/Groups", {
      schemas: groupSchemas,
      displayName: "All",
      members,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({
      scimType: "tooMany",
      detail: expect.stringContaining("at most 100"),
    });
    const group = await run.scim<{ id: string }>("POST", "/Groups", {
      schemas: groupSchemas,
      displayName: "All",
      members: members.slice(0, 100),
    });
    expect(group.status).toBe(201);
    const patch = await run.scim("PATCH", `/Groups/${group.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "remove", path: "members", value: members.slice(0, 100) },
        { op: "add", path: "members", value: members.slice(100) },
      ],
    });
    expect(patch.status).toBe(400);
    const page = await run.scim<{ Resources: unknown[]; totalResults: number }>("GET", "/Users?count=100");
    expect(page.body.totalResults).toBe(101);
    expect(page.body.Resources).toHaveLength(50);
    const config = await run.scim<{ filter: { maxResults: number } }>("GET", "/ServiceProviderConfig");
    expect(config.body.filter.maxResults).toBe(50);
  });
});
