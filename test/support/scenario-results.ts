import type { Exchange } from "../../server/protocol";
import type { ScenarioResult } from "../../server/scenarios/result";

// Scenario results for the report writers. The writers are pure, so the fixture is hand-built: it holds exactly the
// awkward cases a real run can produce (markup in names, a control character, an unredacted credential) without
// needing a target.

export const BASE = "https://target.example.test/scim/v2";
export const SECRET = "abc123secretvalue";
export const PASSWORD = "hunter2-hunter2";
export const HOSTILE = "<img src=x onerror=alert(1)>";
export const AWKWARD = `Leaver <offboard> & "rehire"`;

const exchange = (id: string, overrides: Partial<Exchange> = {}): Exchange => ({
  id,
  at: "2025-03-01T10:00:01.000Z",
  targetId: "t1",
  cause: { type: "user.created", userId: "u1" },
  request: { method: "GET", url: `${BASE}/Users`, headers: { accept: "application/scim+json" }, body: null },
  response: { status: 200, headers: { "content-type": "application/scim+json" }, body: { totalResults: 0 } },
  durationMs: 12,
  ...overrides,
});

const onboarding: ScenarioResult = {
  name: "Joiner",
  description: "A new hire appears on the target.",
  file: "scenarios/joiner.yaml",
  status: "passed",
  startedAt: "2025-03-01T10:00:00.000Z",
  durationMs: 1534,
  profile: "okta",
  targetUrl: BASE,
  steps: [
    {
      index: 1,
      label: `create user ${HOSTILE}`,
      kind: "create user",
      status: "passed",
      durationMs: 40,
      exchangeIds: ["ex-1"],
    },
    {
      index: 2,
      label: "expect traffic",
      kind: "expect traffic",
      status: "passed",
      durationMs: 1200,
      note: "throughput: 42 users/s",
      exchangeIds: [],
    },
  ],
  exchanges: [
    exchange("ex-1", {
      cause: { type: "user.created", userId: "u1" },
      simulatedAt: "2025-03-01T12:00:00.000Z",
      note: "manager left out",
      request: {
        method: "POST",
        url: `${BASE}/Users`,
        headers: {
          authorization: `Bearer ${SECRET}`,
          "content-type": "application/scim+json",
          "x-api-key": SECRET,
        },
        body: { userName: HOSTILE, password: PASSWORD },
      },
      response: {
        status: 201,
        headers: { "content-type": "application/scim+json", "set-cookie": `session=${SECRET}` },
        body: { id: "r1", userName: HOSTILE },
      },
    }),
  ],
};

export const FILTER = 'userName eq "bob@example.com"';
const leaver: ScenarioResult = {
  name: AWKWARD,
  description: "Deactivation reaches the target.",
  file: "scenarios/leaver.yaml",
  status: "failed",
  startedAt: "2025-03-01T10:01:00.000Z",
  durationMs: 2250,
  profile: "entra",
  targetUrl: BASE,
  steps: [
    {
      index: 1,
      label: "deactivate user bob",
      kind: "deactivate user",
      status: "passed",
      durationMs: 30,
      exchangeIds: ["ex-2"],
    },
    {
      index: 2,
      label: "expect user bob active false",
      kind: "expect user",
      status: "failed",
      durationMs: 2000,
      exchangeIds: ["ex-3"],
      failure: {
        message: `active is true on the target <bell:\u0007>`,
        expected: { active: false },
        actual: { active: true, note: "a & b" },
        exchangeId: "ex-3",
      },
    },
    {
      index: 3,
      label: "delete user bob",
      kind: "delete user",
      status: "skipped",
      durationMs: 0,
      exchangeIds: [],
    },
  ],
  exchanges: [
    exchange("ex-2", {
      cause: { type: "user.deactivated", userId: "u2" },
      request: { method: "PATCH", url: `${BASE}/Users/r2`, headers: {}, body: { Operations: [] } },
      response: null,
      error: "ECONNRESET",
    }),
    exchange("ex-3", {
      cause: { type: "reconcile", userId: "u2" },
      request: {
        method: "GET",
        url: `${BASE}/Users?filter=${encodeURIComponent(FILTER)}&count=1`,
        headers: { authorization: `Bearer ${SECRET}` },
        body: null,
      },
    }),
  ],
};

const skippedWhole: ScenarioResult = {
  name: "Clock drift",
  description: "",
  file: "scenarios/clock.yaml",
  status: "skipped",
  skipReason: "needs the embedded org",
  startedAt: "2025-03-01T10:02:00.000Z",
  durationMs: 0,
  profile: "okta",
  targetUrl: BASE,
  steps: [],
  exchanges: [],
};

export const results = [onboarding, leaver, skippedWhole];
export const allExchanges = results.flatMap((r) => r.exchanges);
