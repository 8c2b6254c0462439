import type {
  CheckCounts,
  CheckFinding,
  CheckGrade,
  CheckOutcome,
  CheckVerdict,
  DialectCard,
} from "../protocol";

export function verdictOf(findings: CheckFinding[]): CheckVerdict {
  if (findings.some((f) => f.level === "fail")) return "fail";
  return findings.length > 0 ? "warning" : "pass";
}

/** An IdP that never sends what a check tests copes with its failure: each failure becomes a warning. */
export function tolerate(findings: CheckFinding[], fix: string): CheckFinding[] {
  return findings.map((f) => (f.level === "fail" ? { ...f, level: "warning", fix: f.fix ?? fix } : f));
}

export function countsOf(verdicts: CheckVerdict[]): CheckCounts {
  const counts: CheckCounts = { pass: 0, warning: 0, fail: 0, skip: 0 };
  for (const v of verdicts) counts[v]++;
  return counts;
}

/** yes: all passed; with caveats: warnings but no failure; no: any failure. Skips follow a failure. */
export function gradeOf(counts: CheckCounts): CheckGrade {
  if (counts.fail > 0) return "no";
  return counts.warning > 0 ? "with caveats" : "yes";
}

export function outcomeOf(cards: DialectCard[]): CheckOutcome {
  return cards.some((c) => c.grade === "no") ? "incompatible" : "compatible";
}

/** The exit code of `scimulator check`: 0 all usable, 1 an IdP grades no, 3 no answer or no entry. */
export function exitCodeOf(outcome: CheckOutcome | null): number {
  if (outcome === "unreachable" || outcome === "refused") return 3;
  return outcome === "compatible" ? 0 : 1;
}
