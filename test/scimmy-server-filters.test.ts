import SCIMMY from "scimmy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filterQuery, listed, scimmyClient } from "./support/scimmy-client";
import { type ScimmyServer, startScimmyServer } from "./support/scimmy-server";

/**
 * Filters and paging on the SCIMMY fixture server: how SCIMMY 1.3.5 (+ scimmy-routers 1.3.2 on express 5) matches
 * ?filter= values and pages lists, so the product knows what a third-party SCIM server finds and what it misses.
 */

let server: ScimmyServer;

beforeAll(async () => {
  server = await startScimmyServer();
});

afterAll(async () => {
  await server.close();
});

const { send, createUser } = scimmyClient(() => server);

describe("the SCIMMY fixture server", () => {
  it("answers a userName eq filter with a ListResponse, matching the value case-sensitively", async () => {
    const id = await createUser("Filter.Case@example.com");
    const exact = listed(await send("GET", `/Users${filterQuery('userName eq "Filter.Case@example.com"')}`));
    expect(exact.map((u) => u.id)).toEqual([id]);
    // SCIMMY's Filter.match compares with ===, ignoring that its own schema declares userName caseExact=false
    // (RFC 7643 says userName is case-insensitive): a differently-cased value finds nothing, although a POST with
    // that value would still be a 409 in this fixture.
    const lower = await send("GET", `/Users${filterQuery('userName eq "filter.case@example.com"')}`);
    expect(listed(lower)).toEqual([]);
    expect(lower.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 20 });
    // Attribute names and operators, on the other hand, are case-insensitive.
    const shouting = listed(
      await send("GET", `/Users${filterQuery('USERNAME EQ "Filter.Case@example.com"')}`),
    );
    expect(shouting.map((u) => u.id)).toEqual([id]);
    // An unquoted value is not valid SCIM: SCIMMY tolerates a bare word but rejects an email-like one.
    const bare = await send("GET", `/Users${filterQuery("userName eq Filter.Case@example.com")}`);
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({ status: "400", scimType: "invalidFilter" });
  });

  it("matches externalId case-sensitively, as RFC 7643 requires", async () => {
    const id = await createUser("external.id@example.com", { externalId: "Ext-123" });
    const hit = listed(await send("GET", `/Users${filterQuery('externalId eq "Ext-123"')}`));
    expect(hit.map((u) => u.id)).toEqual([id]);
    expect(listed(await send("GET", `/Users${filterQuery('externalId eq "ext-123"')}`))).toEqual([]);
  });

  it("shows that SCIMMY's own Filter.match throws on a record lacking the filtered complex attribute", () => {
    const filter = new SCIMMY.Types.Filter('emails.value eq "x@example.com"');
    expect(() => filter.match([{ userName: "no-emails" }])).toThrow(TypeError);
    expect(filter.match([{ userName: "has", emails: [{ value: "x@example.com" }] }])).toHaveLength(1);
  });

  it("filters on an email sub-attribute even when other users have no emails, because the fixture matches per record", async () => {
    await createUser("no.email@example.com");
    const id = await createUser("has.email@example.com", {
      emails: [{ type: "work", value: "has.email@corp.example" }],
    });
    const byValue = listed(
      await send("GET", `/Users${filterQuery('emails.value eq "has.email@corp.example"')}`),
    );
    expect(byValue.map((u) => u.id)).toEqual([id]);
    const byType = listed(
      await send("GET", `/Users${filterQuery('emails[type eq "work"].value eq "has.email@corp.example"')}`),
    );
    expect(byType.map((u) => u.id)).toEqual([id]);
  });

  it("matches a boolean attribute against a quoted true or false string in an eq filter", async () => {
    const id = await createUser("inactive.filter@example.com", { active: false });
    const hits = listed(await send("GET", `/Users${filterQuery('active eq "False"')}`));
    expect(hits.map((u) => u.id)).toContain(id);
  });

  it("pages lists with startIndex and count, defaulting to 20 items per page", async () => {
    const other = await startScimmyServer();
    try {
      for (let i = 1; i <= 23; i++) {
        const res = await send(
          "POST",
          "/Users",
          { body: { userName: `page.${String(i).padStart(2, "0")}` } },
          other,
        );
        expect(res.status).toBe(201);
      }
      const first = await send("GET", "/Users", {}, other);
      expect(first.body).toMatchObject({ totalResults: 23, startIndex: 1, itemsPerPage: 20 });
      expect(listed(first)).toHaveLength(20);
      // Only works because the fixture restores a writable req.query: under express 5, scimmy-routers' cast of
      // startIndex/count to numbers is lost and SCIMMY would ignore both, always answering page one.
      const page = await send("GET", "/Users?startIndex=21&count=5&sortBy=userName", {}, other);
      expect(page.body).toMatchObject({ totalResults: 23, startIndex: 21, itemsPerPage: 5 });
      expect(listed(page).map((u) => u.userName)).toEqual(["page.21", "page.22", "page.23"]);
    } finally {
      await other.close();
    }
  });
});
