import { describe, expect, it } from "vitest";
import { redactBody, redactHeaderPairs, redactHeaders } from "../server/log/redact";

const secrets = ["s3cret-token-value"];

describe("redaction of what the log keeps", () => {
  it("hands back the very same headers when they have lower-case names and nothing to hide", () => {
    const headers = { "content-type": "application/scim+json", etag: 'W/"1"' };
    expect(redactHeaders(headers, [], secrets)).toBe(headers);
  });

  it("lower-cases names and hides credentials and quoted secrets, without changing the headers it was given", () => {
    const headers = {
      "Content-Type": "application/json",
      Authorization: "Bearer s3cret-token-value",
      "X-Echo": "you sent s3cret-token-value",
      "X-Tenant-Key": "abcd1234",
    };
    const copy = { ...headers };
    expect(redactHeaders(headers, ["X-Tenant-Key"], secrets)).toEqual({
      "content-type": "application/json",
      authorization: "Bearer [redacted]",
      "x-echo": "you sent [redacted]",
      "x-tenant-key": "[redacted]",
    });
    expect(headers).toEqual(copy);
  });

  it("keeps a request's wire headers in order, lower-cased, with the credential header hidden", () => {
    const logged = redactHeaderPairs(
      [
        ["Host", "127.0.0.1:9"],
        ["X-Api-Token", "s3cret-token-value"],
        ["Connection", "keep-alive"],
      ],
      ["X-Api-Token"],
      secrets,
    );
    expect(Object.entries(logged)).toEqual([
      ["host", "127.0.0.1:9"],
      ["x-api-token", "[redacted]"],
      ["connection", "keep-alive"],
    ]);
  });

  it("copies only the parts of a body that hide something, and hands back a clean body as it was", () => {
    const clean = { userName: "ada@example.com", emails: [{ value: "ada@example.com" }] };
    expect(redactBody(clean, secrets)).toBe(clean);
    const body = {
      userName: "ada",
      Password: "p4ss",
      emails: [{ value: "s3cret-token-value" }],
      name: { a: 1 },
    };
    const out = redactBody(body, secrets) as typeof body;
    expect(out).toEqual({
      userName: "ada",
      Password: "[redacted]",
      emails: [{ value: "[redacted]" }],
      name: { a: 1 },
    });
    expect(out.name).toBe(body.name);
    expect(body.Password).toBe("p4ss");
  });
});
