import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiError, Exchange, Group, Page, User } from "../server/protocol";
import { largeUserName, writeLargeDirectory, writeLargeLog } from "./support/large-data";
import { type Running, start, tempDataDir } from "./support/simulator";

const USERS = 5000;
const LOG = 3000;

let run: Running;
beforeAll(async () => {
  const dataDir = await tempDataDir();
  await writeLargeDirectory(dataDir, USERS);
  await writeLargeLog(dataDir, LOG);
  run = await start({ dataDir, logLimit: LOG });
});
afterAll(async () => run.stop(true));

const names = (page: Page<User>) => page.Resources.map((u) => u.userName);

describe("paged and searched lists on the control API", () => {
  it("keeps GET /api/users a plain array of every user when no paging parameter is given", async () => {
    const res = await run.api<User[]>("GET", "/users");
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(USERS);
  });

  it("pages users in userName order with SCIM's 1-based startIndex and the exact total", async () => {
    const res = await run.api<Page<User>>("GET", "/users?startIndex=4991&count=20");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: USERS, startIndex: 4991, itemsPerPage: 10 });
    expect(names(res.body)).toEqual(Array.from({ length: 10 }, (_, i) => largeUserName(4990 + i)));
  });

  it("answers the users named by ids, in the order asked, leaving out ids the directory does not hold", async () => {
    const some = await run.api<Page<User>>("GET", "/users?startIndex=10&count=3");
    const ids = some.body.Resources.map((u) => u.id).reverse();
    const res = await run.api<Page<User>>(
      "GET",
      `/users?ids=${[ids[0], "no-such-id", ...ids.slice(1)].join(",")}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.Resources.map((u) => u.id)).toEqual(ids);
    expect(res.body.totalResults).toBe(3);
  });

  it("refuses a look-up of more than 500 ids with a 400 that names the parameter", async () => {
    const ids = Array.from({ length: 501 }, (_, i) => `id-${i}`).join(",");
    const res = await run.api<ApiError>("GET", `/users?ids=${ids}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("ids must name at most 500 ids");
  });

  it("searches users case-insensitively across userName, names and email, counting every match", async () => {
    const res = await run.api<Page<User>>("GET", "/users?filter=FAMILY42&count=3");
    // Family42 and Family420..Family429 repeat every 1000 users.
    expect(res.body.totalResults).toBe(11 * (USERS / 1000));
    expect(res.body.Resources).toHaveLength(3);
    for (const user of res.body.Resources) expect(user.familyName.toLowerCase()).toContain("family42");
    const byGiven = await run.api<Page<User>>("GET", "/users?filter=given4999");
    expect(names(byGiven.body)).toEqual([largeUserName(4999)]);
    const regexText = await run.api<Page<User>>("GET", "/users?filter=.*");
    expect(regexText.body.totalResults).toBe(0);
  });

  it("narrows users to active or inactive ones, combined with a search", async () => {
    const inactive = await run.api<Page<User>>("GET", "/users?active=false&count=1");
    expect(inactive.body.totalResults).toBe(USERS / 10);
    const both = await run.api<Page<User>>("GET", `/users?active=false&filter=${largeUserName(10)}`);
    expect(names(both.body)).toEqual([largeUserName(10)]);
  });

  it("answers the paged shape for a filter alone, and an empty page past the end", async () => {
    const filtered = await run.api<Page<User>>("GET", "/users?filter=");
    expect(filtered.body).toMatchObject({ totalResults: USERS, startIndex: 1, itemsPerPage: 100 });
    const past = await run.api<Page<User>>("GET", `/users?startIndex=${USERS + 1}`);
    expect(past.body).toMatchObject({ totalResults: USERS, itemsPerPage: 0, Resources: [] });
  });

  it("refuses a count outside 1..1000, a startIndex below 1 and a repeated filter with a 400 naming the parameter", async () => {
    for (const [query, path] of [
      ["count=0", "count"],
      ["count=1001", "count"],
      ["count=ten", "count"],
      ["startIndex=0", "startIndex"],
      ["startIndex=-1", "startIndex"],
      ["filter=a&filter=b", "filter"],
      ["active=yes", "active"],
    ] as const) {
      const res = await run.api<ApiError>("GET", `/users?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.details, query).toEqual([{ path, message: expect.any(String) }]);
      expect(res.body.error, query).toContain(path);
    }
  });

  it("keeps a new user in name order without a full re-sort, and drops a deleted one", async () => {
    const created = await run.api<User>("POST", "/users", {
      userName: "user000000a@example.com",
      givenName: "Between",
      familyName: "Zero And One",
    });
    const page = await run.api<Page<User>>("GET", "/users?count=3");
    expect(names(page.body)).toEqual([largeUserName(0), "user000000a@example.com", largeUserName(1)]);
    await run.api("PATCH", `/users/${created.body.id}`, { userName: "zz-last@example.com" });
    const last = await run.api<Page<User>>("GET", `/users?startIndex=${USERS + 1}&count=5`);
    expect(names(last.body)).toEqual(["zz-last@example.com"]);
    await run.api("DELETE", `/users/${created.body.id}`);
    expect((await run.api<Page<User>>("GET", "/users?count=1")).body.totalResults).toBe(USERS);
  });

  it("pages and searches groups by displayName", async () => {
    for (const displayName of ["Support", "Sales", "Research"]) {
      await run.api<Group>("POST", "/groups", { displayName });
    }
    expect((await run.api<Group[]>("GET", "/groups")).body).toHaveLength(3);
    const page = await run.api<Page<Group>>("GET", "/groups?count=2");
    expect(page.body.totalResults).toBe(3);
    expect(page.body.Resources.map((g) => g.displayName)).toEqual(["Research", "Sales"]);
    const found = await run.api<Page<Group>>("GET", "/groups?filter=sUp");
    expect(found.body.Resources.map((g) => g.displayName)).toEqual(["Support"]);
  });

  it("pages the log oldest first and searches it by method, URL and status", async () => {
    const tail = await run.api<Page<Exchange>>("GET", `/log?startIndex=${LOG - 1}&count=10`);
    expect(tail.body).toMatchObject({ totalResults: LOG, startIndex: LOG - 1, itemsPerPage: 2 });
    expect(tail.body.Resources.map((e) => e.request.method)).toEqual(["GET", "POST"]);
    const failed = await run.api<Page<Exchange>>("GET", "/log?filter=503&count=1");
    expect(failed.body.totalResults).toBe(LOG / 10);
    const posts = await run.api<Page<Exchange>>("GET", "/log?filter=post&count=1");
    expect(posts.body.totalResults).toBe(LOG / 2);
    const byUrl = await run.api<Page<Exchange>>(
      "GET",
      `/log?filter=${encodeURIComponent(largeUserName(42))}`,
    );
    expect(byUrl.body.totalResults).toBe(1);
    expect((await run.api<Page<Exchange>>("GET", "/log?failed=true&count=1")).body.totalResults).toBe(
      LOG / 10,
    );
  });

  it("lists only the exchanges after an instant, and keeps ?limit= a plain array that paging cannot join", async () => {
    const all = (await run.api<Exchange[]>("GET", "/log")).body;
    const cut = all[LOG - 6]?.at ?? "";
    const after = await run.api<Page<Exchange>>("GET", `/log?after=${encodeURIComponent(cut)}`);
    expect(after.body.totalResults).toBe(5);
    expect((await run.api<Exchange[]>("GET", "/log?limit=4")).body).toHaveLength(4);
    expect((await run.api<ApiError>("GET", "/log?limit=4&count=4")).status).toBe(400);
    expect((await run.api<ApiError>("GET", "/log?after=yesterday")).status).toBe(400);
  });
});
