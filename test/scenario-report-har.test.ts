import { describe, expect, it } from "vitest";
import { toHar } from "../server/scenarios/report-har";
import {
  AWKWARD,
  allExchanges,
  FILTER,
  HOSTILE,
  PASSWORD,
  results,
  SECRET,
} from "./support/scenario-results";

// The HAR export of a scenario run: a HAR 1.2 log with every required field, bodies and custom fields carried, and
// credentials redacted.

describe("the HAR export", () => {
  const har = toHar(results, { name: "SCIMulator", version: "9.9.9" });
  const { log } = har;

  it("is a HAR 1.2 log with one page per scenario and one entry per exchange", () => {
    expect(log.version).toBe("1.2");
    expect(log.creator).toEqual({ name: "SCIMulator", version: "9.9.9" });
    expect(log.pages.map((p) => p.title)).toEqual(["Joiner", AWKWARD, "Clock drift"]);
    expect(log.entries).toHaveLength(allExchanges.length);
    const pageIds = new Set(log.pages.map((p) => p.id));
    expect(log.entries.every((e) => pageIds.has(e.pageref))).toBe(true);
    expect(log.entries.map((e) => e.pageref)).toEqual(["scenario_1", "scenario_2", "scenario_2"]);
  });

  it("has every field HAR 1.2 requires on every entry", () => {
    for (const entry of log.entries) {
      expect(Number.isNaN(Date.parse(entry.startedDateTime))).toBe(false);
      expect(entry.time).toBeTypeOf("number");
      expect(entry.request).toEqual(
        expect.objectContaining({
          method: expect.any(String),
          url: expect.any(String),
          httpVersion: "HTTP/1.1",
          cookies: [],
          headers: expect.any(Array),
          queryString: expect.any(Array),
          headersSize: -1,
          bodySize: expect.any(Number),
        }),
      );
      expect(entry.response).toEqual(
        expect.objectContaining({
          status: expect.any(Number),
          statusText: expect.any(String),
          httpVersion: expect.any(String),
          cookies: [],
          headers: expect.any(Array),
          content: expect.objectContaining({ size: expect.any(Number), mimeType: expect.any(String) }),
          redirectURL: "",
          headersSize: -1,
          bodySize: expect.any(Number),
        }),
      );
      expect(entry.cache).toEqual({});
      expect(entry.timings).toEqual({ send: 0, wait: entry.time, receive: 0 });
      expect(entry._cause.type).toBeTypeOf("string");
    }
  });

  it("carries bodies as text and the custom fields of the exchange", () => {
    const [created, failedPatch] = log.entries;
    expect(created?.request.postData?.mimeType).toBe("application/scim+json");
    expect(JSON.parse(created?.request.postData?.text ?? "")).toEqual({
      userName: HOSTILE,
      password: "[redacted]",
    });
    expect(created?.response).toMatchObject({ status: 201, statusText: "Created" });
    expect(created?.response.content.text).toBe(JSON.stringify({ id: "r1", userName: HOSTILE }));
    expect(created).toMatchObject({ _note: "manager left out", _simulatedAt: "2025-03-01T12:00:00.000Z" });
    expect(failedPatch?.response).toMatchObject({ status: 0, _error: "ECONNRESET" });
  });

  it("parses the query string from the URL", () => {
    expect(log.entries[2]?.request.queryString).toEqual([
      { name: "filter", value: FILTER },
      { name: "count", value: "1" },
    ]);
    expect(log.entries[0]?.request.queryString).toEqual([]);
    expect(log.entries[0]?.request.postData).toBeDefined();
    expect(log.entries[2]?.request.postData).toBeUndefined();
  });

  it("redacts credentials even when the exchanges still carry them, keeping the auth scheme", () => {
    const text = JSON.stringify(har);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(PASSWORD);
    expect(log.entries[0]?.request.headers).toContainEqual({
      name: "authorization",
      value: "Bearer [redacted]",
    });
    expect(log.entries[0]?.request.headers).toContainEqual({ name: "x-api-key", value: "[redacted]" });
    expect(log.entries[0]?.response.headers).toContainEqual({ name: "set-cookie", value: "[redacted]" });
  });
});
