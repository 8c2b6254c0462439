import type { CheckFinding, CheckId, UserPatch } from "../protocol";
import { type CheckRun, type DialectRun, type Outcome, provision, userPath } from "./context";
import { failed, ok, statusOf, warned } from "./evidence";
import { expectValue, judgeCreated, judgeDeleted, judgeTraffic, type ReadBack, readBack } from "./judge";
import { attr, valuesOf } from "./resources";

async function createUser(run: DialectRun, handle: "a" | "b", familyName: string) {
  const userName = run.names[handle];
  run.host.claims.claim("user", userName, run.target.id);
  return provision(run, async () => {
    const user = await run.host.directory.createUser({
      userName,
      givenName: "Check",
      familyName,
      email: userName,
      title: "Compatibility tester",
      department: "Quality",
    });
    run.ids[handle] = user.id;
  });
}

const create: CheckRun = async (run) => {
  const exchanges = await createUser(run, "a", "Alpha");
  const findings = [
    ...judgeTraffic(run, exchanges, "creating the user"),
    ...judgeCreated(run, exchanges, "the user's POST"),
  ];
  const post = exchanges.find((e) => e.request.method === "POST" && ok(e));
  if (post && run.profile.startsWith("okta") && attr(post.response?.body, "password") !== undefined)
    findings.push(
      warned(
        "the created user echoes back the password Okta sent",
        "Never return password (RFC 7643 §4.1.1: it is returned never)",
        post,
      ),
    );
  // A second user, for the membership and paging checks: only its failure is worth a word.
  await createUser(run, "b", "Bravo");
  if (!run.remote.b) findings.push(failed("the second test user could not be created"));
  const remote = run.remote.a;
  if (!remote) {
    if (!findings.some((f) => f.level === "fail"))
      findings.push(failed("the user was not linked to an account"));
    return { findings };
  }
  const back = await readBack(run, userPath(remote), remote, "user");
  findings.push(
    ...back.findings,
    ...expectValue(back, "userName", run.names.a),
    ...expectValue(back, "name.givenName", "Check"),
    ...expectValue(back, "name.familyName", "Alpha"),
    ...expectValue(back, "active", true),
  );
  return { findings };
};

/** A directory edit of the test user, judged by the IdP's traffic and by what the server holds afterwards. */
async function editUser(
  run: DialectRun,
  patch: UserPatch,
  what: string,
  expect: (back: ReadBack) => CheckFinding[],
): Promise<Outcome> {
  const id = run.ids.a;
  if (!id || !run.remote.a) return { findings: [], skip: "the test user was never created" };
  const exchanges = await provision(run, () => run.host.directory.updateUser(id, patch));
  const findings = judgeTraffic(run, exchanges, what);
  const remote = run.remote.a;
  const back = await readBack(run, userPath(remote), remote, "user");
  if (statusOf(back.exchange) === 404 && patch.active === false)
    return {
      findings: [
        ...findings,
        warned(
          "the server deleted the user when it was deactivated, so a reactivation will find nothing",
          "Keep a deactivated account and set active to false; delete only on DELETE",
          back.exchange,
        ),
      ],
    };
  findings.push(...back.findings);
  if (back.findings.length === 0) findings.push(...expect(back));
  return { findings };
}

const update: CheckRun = (run) =>
  editUser(
    run,
    { title: "Senior compatibility tester", familyName: "Alpha-Updated", email: run.names.aEmail },
    "updating the user",
    (back) => {
      const found = expectValue(back, "title", "Senior compatibility tester");
      found.push(...expectValue(back, "name.familyName", "Alpha-Updated"));
      const emails = valuesOf(back.body, "emails").map((e) => e.toLowerCase());
      if (!emails.includes(run.names.aEmail))
        found.push(
          failed(
            `emails read back as ${JSON.stringify(emails)}, without the new address ${run.names.aEmail}`,
            back.exchange,
          ),
        );
      return found;
    },
  );

const rename: CheckRun = (run) =>
  editUser(run, { userName: run.names.aRenamed }, "renaming the user", (back) =>
    expectValue(back, "userName", run.names.aRenamed),
  );

const deactivate: CheckRun = (run) =>
  editUser(run, { active: false }, "deactivating the user", (back) => expectValue(back, "active", false));

const reactivate: CheckRun = (run) =>
  editUser(run, { active: true }, "reactivating the user", (back) => expectValue(back, "active", true));

/** The user leaves the directory: each IdP does what it does by default (Okta and OneLogin deactivate, Entra disables). */
const deprovision: CheckRun = async (run) => {
  const id = run.ids.a;
  const remote = run.remote.a;
  if (!id || !remote) return { findings: [], skip: "the test user was never created" };
  const exchanges = await provision(run, () => run.host.directory.deleteUser(id));
  const findings = judgeTraffic(run, exchanges, "deprovisioning the user");
  if (findings.some((f) => f.level === "fail")) return { findings };
  const back = await readBack(run, userPath(remote), remote, "user");
  if (statusOf(back.exchange) === 404) return { findings, summary: "the server no longer holds the user" };
  findings.push(...back.findings);
  if (run.target.deprovision === "delete")
    findings.push(failed("the user is still on the server after the IdP deleted it", back.exchange));
  else findings.push(...expectValue(back, "active", false));
  return { findings };
};

/** Entra's delete at the end of the soft-delete window, as "Delete permanently" sends it now. */
const remove: CheckRun = async (run) => {
  const id = run.ids.a;
  const remote = run.remote.a;
  if (!id || !remote) return { findings: [], skip: "the test user was never created" };
  const exchanges = await provision(run, () => run.host.actions.purge(run.target.id, id));
  return { findings: await judgeDeleted(run, exchanges, userPath(remote), "user") };
};

export const userChecks: Partial<Record<CheckId, CheckRun>> = {
  "user.create": create,
  "user.update": update,
  "user.rename": rename,
  "user.deactivate": deactivate,
  "user.reactivate": reactivate,
  "user.deprovision": deprovision,
  "user.delete": remove,
};
