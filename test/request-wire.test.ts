import { describe, expect, it } from "vitest";
import { PROFILES, type TargetAuth } from "../server/protocol";
import { dialectFor } from "../server/provisioning/dialects";
import { cachedWireHeaders, credentialOf, wireHeaders } from "../server/provisioning/request-wire";

const get = {
  method: "GET" as const,
  path: "/Users",
  query: [["filter", 'userName eq "a"']] as Array<[string, string]>,
};
const post = { method: "POST" as const, path: "/Users", body: { userName: "a" } };

describe("the headers a sender puts on each request", () => {
  it.each(PROFILES)(
    "are exactly the dialect's wire headers for %s, whatever the body's length",
    (profile) => {
      const dialect = dialectFor(profile);
      const options = { userAgent: "Custom/1.0" };
      const auth: [string, string] = ["authorization", "Bearer t0ken-value"];
      for (const [request, bodyBytes] of [
        [get, null],
        [post, 17],
        [post, 4096],
        [get, null],
      ] as const) {
        const on = { host: "scim.example.com", auth, bodyBytes };
        expect(cachedWireHeaders(dialect, request, options, on)).toEqual(
          wireHeaders(dialect, request, options, on),
        );
      }
      const flow = { ...post, headers: { "if-match": 'W/"3"' } };
      const on = { host: "scim.example.com", auth, bodyBytes: 9 };
      expect(cachedWireHeaders(dialect, flow, options, on)).toEqual(wireHeaders(dialect, flow, options, on));
      expect(cachedWireHeaders(dialect, flow, options, on).map(([name]) => name)).toContain("If-Match");
    },
  );

  it("follow an edited credential and an edited host at once", () => {
    const dialect = dialectFor("rfc");
    const first: TargetAuth = { type: "bearer", token: "first-token" };
    const second: TargetAuth = { type: "bearer", token: "second-token" };
    const headersWith = (auth: TargetAuth, host: string) =>
      Object.fromEntries(
        cachedWireHeaders(dialect, get, undefined, { host, auth: credentialOf(auth), bodyBytes: null }),
      );
    expect(headersWith(first, "a.example.com")).toMatchObject({
      Host: "a.example.com",
      Authorization: "Bearer first-token",
    });
    expect(headersWith(second, "a.example.com")).toMatchObject({ Authorization: "Bearer second-token" });
    expect(headersWith(second, "b.example.com")).toMatchObject({ Host: "b.example.com" });
  });
});
