import type { CheckFinding, CheckId, GroupPatch } from "../protocol";
import { type CheckRun, type DialectRun, groupPath, type Outcome, provision } from "./context";
import { failed } from "./evidence";
import { expectValue, judgeCreated, judgeDeleted, judgeTraffic, type ReadBack, readBack } from "./judge";
import { valuesOf } from "./resources";

/** Members read back must include `present` and leave out `absent` (server ids). */
function expectMembers(back: ReadBack, present: string[], absent: string[]): CheckFinding[] {
  if (back.findings.length > 0) return [];
  const members = valuesOf(back.body, "members");
  const findings: CheckFinding[] = [];
  const missing = present.filter((id) => !members.includes(id));
  const extra = absent.filter((id) => members.includes(id));
  if (missing.length > 0)
    findings.push(
      failed(
        `the group's members read back as ${JSON.stringify(members)}, without ${missing.join(", ")}`,
        back.exchange,
      ),
    );
  if (extra.length > 0)
    findings.push(
      failed(`the group still lists ${extra.join(", ")} as a member after the IdP removed it`, back.exchange),
    );
  return findings;
}

const create: CheckRun = async (run) => {
  const a = run.ids.a;
  if (!a || !run.remote.a) return { findings: [], skip: "the test user was never created" };
  run.host.claims.claim("group", run.names.group, run.target.id);
  const exchanges = await provision(run, async () => {
    const group = await run.host.directory.createGroup({ displayName: run.names.group, members: [a] });
    run.ids.group = group.id;
  });
  const findings = [
    ...judgeTraffic(run, exchanges, "pushing the group"),
    ...judgeCreated(run, exchanges, "the group's POST"),
  ];
  const remote = run.remote.group;
  if (!remote) {
    if (!findings.some((f) => f.level === "fail"))
      findings.push(failed("the group was not linked to a group"));
    return { findings };
  }
  const back = await readBack(run, groupPath(remote), remote, "group");
  findings.push(
    ...back.findings,
    ...expectValue(back, "displayName", run.names.group),
    ...expectMembers(back, [run.remote.a], []),
  );
  return { findings };
};

/** A directory edit of the test group, judged by the IdP's traffic and by the group read back. */
async function editGroup(
  run: DialectRun,
  patch: (ids: { a: string; b: string }) => GroupPatch,
  what: string,
  expect: (back: ReadBack, remote: { a: string; b: string }) => CheckFinding[],
): Promise<Outcome> {
  const { a, b, group } = run.ids;
  const remote = run.remote;
  if (!a || !b || !group || !remote.group || !remote.a || !remote.b)
    return { findings: [], skip: "the test group or its users were never created" };
  const exchanges = await provision(run, () => run.host.directory.updateGroup(group, patch({ a, b })));
  const findings = judgeTraffic(run, exchanges, what);
  const id = run.remote.group ?? remote.group;
  const back = await readBack(run, groupPath(id), id, "group");
  findings.push(...back.findings, ...expect(back, { a: remote.a, b: remote.b }));
  return { findings };
}

const addMember: CheckRun = (run) =>
  editGroup(
    run,
    ({ a, b }) => ({ members: [a, b] }),
    "adding a member",
    (back, remote) => expectMembers(back, [remote.a, remote.b], []),
  );

const removeMember: CheckRun = (run) =>
  editGroup(
    run,
    ({ b }) => ({ members: [b] }),
    "removing a member",
    (back, remote) => expectMembers(back, [remote.b], [remote.a]),
  );

const rename: CheckRun = (run) =>
  editGroup(
    run,
    () => ({ displayName: run.names.groupRenamed }),
    "renaming the group",
    (back) => expectValue(back, "displayName", run.names.groupRenamed),
  );

const remove: CheckRun = async (run) => {
  const group = run.ids.group;
  const remote = run.remote.group;
  if (!group || !remote) return { findings: [], skip: "the test group was never created" };
  const exchanges = await provision(run, () => run.host.directory.deleteGroup(group));
  return { findings: await judgeDeleted(run, exchanges, groupPath(remote), "group") };
};

export const groupChecks: Partial<Record<CheckId, CheckRun>> = {
  "group.create": create,
  "group.members.add": addMember,
  "group.members.remove": removeMember,
  "group.rename": rename,
  "group.delete": remove,
};
