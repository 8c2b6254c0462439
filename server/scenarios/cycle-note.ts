import { CYCLE_COUNTERS, type CycleCounts, type CycleRecord, type Exchange } from "../protocol";

const VERBS = CYCLE_COUNTERS.filter((c) => c !== "unchanged");

function counts(c: CycleCounts, noun: string): string[] {
  return VERBS.filter((v) => c[v] > 0).map((v) => `${c[v]} ${noun}${c[v] === 1 ? "" : "s"} ${v}`);
}

/**
 * What a cycle did, in a sentence a trainer can read out: its own tally of users and groups, and what crossed the
 * wire while it ran. The wire counts catch what follow-up jobs did (a manager PATCH, a group created for a member),
 * which the cycle's own tally credits to no one.
 */
export function describeCycle(record: CycleRecord, exchanges: readonly Exchange[]): string {
  const during = exchanges.filter(
    (e) => e.targetId === record.targetId && e.at >= record.startedAt && e.at <= record.endedAt,
  );
  const posted = during.filter((e) => e.request.method === "POST" && e.response?.status === 201).length;
  const refused = during.filter((e) => e.response === null || e.response.status >= 400).length;
  const parts = [...counts(record, "user"), ...counts(record.groups, "group")];
  const tally = parts.length > 0 ? parts.join(", ") : `nothing to change in ${record.users} users`;
  const wire = `${during.length} request${during.length === 1 ? "" : "s"} sent, ${posted} created on the target${refused > 0 ? `, ${refused} refused` : ""}`;
  return `${record.kind} cycle at ${record.simulatedAt} (simulated): ${tally}; ${wire}`;
}
