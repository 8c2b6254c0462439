import type { CheckFinding, Exchange } from "../protocol";
import { dialectFor } from "../provisioning/dialects";
import { maskUrl } from "../targets/mask";
import { type CheckRun, type DialectRun, newExchanges, seenNow } from "./context";
import { describe, failed, statusOf, warned } from "./evidence";
import { judgeList } from "./judge";

/** Every IdP's test queries a name or GUID no one has, so its answer must be an empty list. */
const looksUpNoOne = (e: Exchange) => /[?&]filter=/.test(e.request.url);

function judgeTest(run: DialectRun, exchange: Exchange): CheckFinding[] {
  const base = run.target.baseUrl;
  const status = statusOf(exchange);
  if (status === 0)
    return [
      failed(`the connection test got no answer: ${exchange.error ?? "no response"}`, exchange, "no-answer"),
    ];
  if (status === 401 || status === 403)
    return [failed(`the server refused the credentials: ${describe(exchange, base)}`, exchange, "refused")];
  // The dialect says whether its IdP's test passes on a 404 for the user it looks up (OneLogin's does).
  if (status === 404 && dialectFor(run.profile).testAccepts.notFound && looksUpNoOne(exchange))
    return [
      warned(
        `the connection test's lookup was answered 404; OneLogin accepts that, other IdPs do not`,
        "Answer a filter that matches nothing with 200 and an empty ListResponse",
        exchange,
      ),
    ];
  const what = `the connection test (${exchange.request.method} ${new URL(exchange.request.url).pathname.split("/").at(-1)})`;
  return judgeList(run, exchange, what, looksUpNoOne(exchange)).findings;
}

/**
 * The IdP's own connection test, sent as SCIMulator's "Test connection" sends it; its verdict is judged here from
 * the exchanges, with SCIM's rules for the answers (a ListResponse, and an empty one for a name no one has).
 */
export const connection: CheckRun = async (run) => {
  const seen = seenNow(run);
  await run.host.actions.testConnection(run.target.id);
  const exchanges = newExchanges(run, seen).filter((e) => e.cause.type === "test-connection");
  if (exchanges.length === 0) return { findings: [failed("the connection test sent nothing")] };
  return { findings: exchanges.flatMap((e) => judgeTest(run, e)) };
};

/** Why nothing further can be checked: the server cannot be reached, or it refuses the credentials. */
export function blockerOf(run: DialectRun): { outcome: "unreachable" | "refused"; problem: string } | null {
  const result = run.results.get("connection");
  const finding = result?.findings.find((f) => f.reason === "no-answer" || f.reason === "refused");
  if (!finding) return null;
  const exchange = run.host.log.list().find((e) => e.id === finding.exchangeId);
  if (finding.reason === "no-answer")
    return {
      outcome: "unreachable",
      problem: `cannot reach ${maskUrl(run.target.baseUrl)}: ${exchange?.error ?? "no answer"}`,
    };
  return {
    outcome: "refused",
    problem: `${maskUrl(run.target.baseUrl)} refused the credentials: HTTP ${exchange ? statusOf(exchange) : "401"}`,
  };
}
