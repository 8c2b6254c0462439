import type { CheckCleanup } from "../protocol";
import { ask, type DialectRun, groupPath, userNameOfA, userPath } from "./context";
import { answerText, ok, statusOf } from "./evidence";
import { attr, idOf, patchOf, text } from "./resources";

interface Created {
  resource: "User" | "Group";
  id: string;
  name: string;
}

/**
 * Everything this IdP's run made on the server: what each POST that succeeded answered with, and the ids the
 * links knew. Only those are touched, so a clean-up never removes a resource the check did not create.
 */
function createdBy(run: DialectRun): Created[] {
  const found = new Map<string, Created>();
  const add = (resource: Created["resource"], id: string | undefined, name: string) => {
    if (id && !found.has(`${resource}:${id}`)) found.set(`${resource}:${id}`, { resource, id, name });
  };
  for (const e of run.host.log.list()) {
    if (e.targetId !== run.target.id || e.request.method !== "POST" || !ok(e)) continue;
    const body = e.response?.body;
    if (/\/Users$/.test(e.request.url)) add("User", idOf(body), text(attr(body, "userName")) ?? "");
    if (/\/Groups$/.test(e.request.url)) add("Group", idOf(body), text(attr(body, "displayName")) ?? "");
  }
  add("Group", run.remote.group, run.names.groupRenamed);
  add("User", run.remote.a, userNameOfA(run));
  add("User", run.remote.b, run.names.b);
  // Groups first: a server may refuse to delete a user that is still a member.
  return [...found.values()].sort((x, y) =>
    x.resource === y.resource ? 0 : x.resource === "Group" ? -1 : 1,
  );
}

/** Deletes what the run created (already gone counts as removed); a user the server will not delete is deactivated. */
export async function cleanUp(run: DialectRun, into: CheckCleanup): Promise<void> {
  for (const item of createdBy(run)) {
    const path = item.resource === "User" ? userPath(item.id) : groupPath(item.id);
    const { exchange } = await ask(run, { method: "DELETE", path });
    if (ok(exchange) || statusOf(exchange) === 404) {
      into.removed++;
      continue;
    }
    const refused = `DELETE answered ${answerText(exchange)}`;
    if (item.resource === "User") {
      const off = await ask(run, {
        method: "PATCH",
        path,
        body: patchOf([{ op: "replace", path: "active", value: false }]),
      });
      if (ok(off.exchange)) {
        into.deactivated.push({ ...item, reason: refused });
        continue;
      }
      into.left.push({ ...item, reason: `${refused}; deactivating answered ${answerText(off.exchange)}` });
    } else into.left.push({ ...item, reason: refused });
  }
}
