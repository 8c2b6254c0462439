import { randomUUID } from "node:crypto";
import type { CheckFinding, CheckId } from "../protocol";
import { ask, type CheckRun, read, userNameOfA, userPath } from "./context";
import { describe, failed, ok, warned } from "./evidence";
import { expectValue, judgeList, readBack } from "./judge";
import { attr, idOf, listOf, patchOf } from "./resources";

// The requests vendors' validators send (Okta's OIN SPEC test, Microsoft's SCIM Validator, scim2-tester), each
// with the IdP's own headers, so the server sees them as that IdP's client would send them.

const listPage: CheckRun = async (run) => {
  const { exchange } = await read(run, "/Users", [
    ["count", "1"],
    ["startIndex", "1"],
  ]);
  const { findings, resources } = judgeList(run, exchange, "GET /Users?count=1&startIndex=1");
  if (findings.some((f) => f.level === "fail")) return { findings };
  const list = listOf(exchange.response?.body);
  for (const field of ["itemsPerPage", "startIndex"] as const)
    if (typeof list?.[field] !== "number")
      findings.push(
        failed(`${field} is ${JSON.stringify(list?.[field]) ?? "missing"}, not a number`, exchange),
      );
  const first = resources[0];
  if (first !== undefined) {
    const missing = ["id", "userName", "name.givenName", "name.familyName", "active", "emails"].filter(
      (path) => attr(first, path) === undefined,
    );
    if (missing.length > 0)
      findings.push(
        warned(
          `the first user listed has no ${missing.join(", ")} (Okta's SPEC test expects them on Resources[0])`,
          "Return id, userName, name, active and emails on every listed user",
          exchange,
        ),
      );
  }
  return { findings };
};

const paging: CheckRun = async (run) => {
  const pages = [];
  for (const start of ["1", "2"]) {
    const { exchange } = await read(run, "/Users", [
      ["startIndex", start],
      ["count", "1"],
    ]);
    const judged = judgeList(run, exchange, `GET /Users?startIndex=${start}&count=1`);
    if (judged.findings.some((f) => f.level === "fail")) return { findings: judged.findings };
    pages.push({ exchange, resources: judged.resources, list: listOf(exchange.response?.body) });
  }
  const [one, two] = pages;
  if (!one || !two) return { findings: [] };
  const findings: CheckFinding[] = [];
  for (const page of pages)
    if (page.resources.length > 1)
      findings.push(
        failed(`count=1 was ignored: the page holds ${page.resources.length} users`, page.exchange),
      );
  const total = typeof one.list?.totalResults === "number" ? one.list.totalResults : 0;
  const [first, second] = [idOf(one.resources[0]), idOf(two.resources[0])];
  if (total >= 2 && first !== undefined && first === second)
    findings.push(
      failed(
        `startIndex=2 was ignored: the second page begins with the same user (${first}) as the first`,
        two.exchange,
      ),
    );
  if (total >= 2 && two.resources.length === 0)
    findings.push(failed(`the second page is empty although totalResults is ${total}`, two.exchange));
  if (findings.length === 0 && two.list?.startIndex !== 2)
    findings.push(
      warned(
        `the second page says startIndex ${JSON.stringify(two.list?.startIndex)}, not 2`,
        "Echo the startIndex of the page returned",
        two.exchange,
      ),
    );
  return { findings };
};

const noMatch: CheckRun = async (run) => {
  const { exchange } = await read(run, "/Users", [["filter", `userName eq "${randomUUID()}"`]]);
  const { findings } = judgeList(run, exchange, "a filter on a random GUID", true);
  const list = listOf(exchange.response?.body);
  if (findings.length === 0 && run.profile.startsWith("entra") && !list?.resources)
    findings.push(
      warned(
        'the empty ListResponse has no "Resources": [] (Microsoft\'s rules show it)',
        'Send "Resources": [] with totalResults 0',
        exchange,
      ),
    );
  return { findings };
};

const caseInsensitive: CheckRun = async (run) => {
  const remote = run.remote.a;
  if (!remote) return { findings: [], skip: "the test user was never created" };
  const userName = userNameOfA(run);
  const shouting = userName.toUpperCase();
  const { exchange } = await read(run, "/Users", [["filter", `userName eq "${shouting}"`]]);
  const { findings, resources } = judgeList(run, exchange, `userName eq "${shouting}"`);
  if (findings.some((f) => f.level === "fail")) return { findings };
  if (!resources.some((r) => idOf(r) === remote))
    findings.push(
      failed(
        `userName eq "${shouting}" found ${resources.length} user(s), not the test user ${userName}: userName is matched case-sensitively`,
        exchange,
      ),
    );
  return { findings };
};

const groupsList: CheckRun = async (run) => {
  const { exchange } = await read(run, "/Groups", [
    ["startIndex", "1"],
    ["count", "100"],
  ]);
  const { findings } = judgeList(run, exchange, "GET /Groups");
  if (findings.length === 0 && exchange.durationMs > 600)
    findings.push(
      warned(
        `GET /Groups took ${exchange.durationMs} ms; Okta's SPEC test allows 600`,
        "Answer the group list faster",
        exchange,
      ),
    );
  return { findings };
};

/** Entra writes ops capitalised ("Replace"); Microsoft asks servers to take any letter case. */
const opCase: CheckRun = async (run) => {
  const remote = run.remote.a;
  if (!remote) return { findings: [], skip: "the test user was never created" };
  const title = "Case-checked tester";
  const { exchange } = await ask(run, {
    method: "PATCH",
    path: userPath(remote),
    body: patchOf([{ op: "Replace", path: "title", value: title }]),
  });
  if (!ok(exchange))
    return { findings: [failed(`a capitalised op: ${describe(exchange, run.target.baseUrl)}`, exchange)] };
  const back = await readBack(run, userPath(remote), remote, "user");
  return { findings: [...back.findings, ...expectValue(back, "title", title)] };
};

const discovery: CheckRun = async (run) => {
  const findings: CheckFinding[] = [];
  for (const path of ["/ServiceProviderConfig", "/Schemas", "/ResourceTypes"]) {
    const { exchange } = await read(run, path);
    if (!ok(exchange)) findings.push(failed(`${path}: ${describe(exchange, run.target.baseUrl)}`, exchange));
  }
  return { findings };
};

export const validatorChecks: Partial<Record<CheckId, CheckRun>> = {
  "list.page": listPage,
  "list.paging": paging,
  "filter.no-match": noMatch,
  "filter.case-insensitive": caseInsensitive,
  "groups.list": groupsList,
  "patch.op-case": opCase,
  discovery,
};
