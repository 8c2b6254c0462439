import type { FieldError, OrgRole, RoleMappingRow, StackRole } from "./api";

// The Group Mapping as the settings dialog edits it: rows and stack roles as lists, each with a key of its own so
// that React keeps an input's focus while rows above it come and go.

export interface StackDraft {
  key: number;
  stack: string;
  role: StackRole;
}

export interface RowDraft {
  key: number;
  group: string;
  orgRole: OrgRole;
  stacks: StackDraft[];
}

let lastKey = 0;
const nextKey = () => ++lastKey;

export function stackDraft(stack = "", role: StackRole = "developer"): StackDraft {
  return { key: nextKey(), stack, role };
}

export function rowDraft(row: RoleMappingRow = { group: "", orgRole: "member" }): RowDraft {
  return {
    key: nextKey(),
    group: row.group,
    orgRole: row.orgRole,
    stacks: Object.entries(row.stacks ?? {}).map(([stack, role]) => stackDraft(stack, role)),
  };
}

/** The rows to send; a row with no stack roles sends no `stacks`. Names are sent as typed: the server trims. */
export function mappingOf(rows: RowDraft[]): RoleMappingRow[] {
  return rows.map((row) => ({
    group: row.group,
    orgRole: row.orgRole,
    ...(row.stacks.length > 0
      ? { stacks: Object.fromEntries(row.stacks.map((s) => [s.stack, s.role] as const)) }
      : {}),
  }));
}

/**
 * What the server cannot be told: stack roles are keyed by stack, so a blank or repeated stack name in one row
 * would be lost on the way rather than refused.
 */
export function stackProblems(rows: RowDraft[]): FieldError[] {
  return rows.flatMap((row, index): FieldError[] => {
    const names = row.stacks.map((s) => s.stack.trim());
    if (names.some((name) => name === ""))
      return [{ path: `roleMapping.${index}.stacks`, message: "every stack role needs a stack name" }];
    const repeated = names.find((name, at) => names.indexOf(name) !== at);
    return repeated === undefined
      ? []
      : [{ path: `roleMapping.${index}.stacks`, message: `stack '${repeated}' is listed twice` }];
  });
}

/** Whether two mappings say the same, whatever the order of their stacks. */
export function sameMapping(a: RoleMappingRow[], b: RoleMappingRow[]): boolean {
  const canonical = (rows: RoleMappingRow[]) =>
    JSON.stringify(
      rows.map((r) => [
        r.group,
        r.orgRole,
        Object.entries(r.stacks ?? {}).sort(([x], [y]) => x.localeCompare(y)),
      ]),
    );
  return canonical(a) === canonical(b);
}

/** The first server message about a row's stack roles, wherever in them it points. */
export function stackError(fieldErrors: Record<string, string>, index: number): string | undefined {
  const prefix = `roleMapping.${index}.stacks`;
  const path = Object.keys(fieldErrors).find((p) => p === prefix || p.startsWith(`${prefix}.`));
  if (path === undefined) return undefined;
  const stack = path.slice(prefix.length + 1);
  return stack ? `${stack}: ${fieldErrors[path]}` : fieldErrors[path];
}
