import type { User } from "../protocol";

export const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type ScimObject = Record<string, unknown>;

/** The RFC 7643 rendering of a directory user, core plus the enterprise extension when it has anything to say. */
export function toScimUser(user: User, managerRemoteId: string | null): ScimObject {
  const resource: ScimObject = {
    schemas: [CORE_USER],
    userName: user.userName,
    name: {
      givenName: user.givenName,
      familyName: user.familyName,
      formatted: `${user.givenName} ${user.familyName}`,
    },
    displayName: user.displayName ?? `${user.givenName} ${user.familyName}`,
    active: user.active,
  };
  if (user.email) resource.emails = [{ value: user.email, type: "work", primary: true }];
  if (user.phone) resource.phoneNumbers = [{ value: user.phone, type: "work" }];
  if (user.title) resource.title = user.title;
  if (user.locale) resource.locale = user.locale;
  const enterprise = enterpriseOf(user, managerRemoteId ? { value: managerRemoteId } : null);
  if (enterprise) {
    resource.schemas = [CORE_USER, ENTERPRISE_USER];
    resource[ENTERPRISE_USER] = enterprise;
  }
  return resource;
}

/** The enterprise extension's attributes that the directory holds, or null when it holds none. */
export function enterpriseOf(user: User, manager: ScimObject | null): ScimObject | null {
  const enterprise: ScimObject = {};
  if (user.department) enterprise.department = user.department;
  if (user.employeeNumber) enterprise.employeeNumber = user.employeeNumber;
  if (manager) enterprise.manager = manager;
  return Object.keys(enterprise).length > 0 ? enterprise : null;
}

export interface AttributeChange {
  /** SCIM path; multi-valued attributes use the work-typed value path, e.g. emails[type eq "work"].value */
  path: string;
  /** null when the attribute is being cleared. For the manager, the manager's id on the target. */
  value: unknown;
  /** Whether the attribute had a value before: an IdP picks add or replace from this. */
  had: boolean;
  /** Set for the work entry of a multi-valued attribute. */
  multi?: { attribute: "emails" | "phoneNumbers"; entry: Record<string, unknown> };
  /** What was pushed is unknown (a link whose record moved on unseen, after a crash or a hand edit). */
  unknown?: true;
  /** Set for the enterprise manager reference. */
  manager?: true;
}

type Field = keyof User;

export const MANAGER_PATH = `${ENTERPRISE_USER}:manager`;

/**
 * Field by field, what a directory change means for the SCIM user, in neutral form: each dialect renders these
 * as its own ops (case, add vs replace, filtered paths, dotted keys).
 */
export function attributeChanges(
  before: User,
  after: User,
  changed: string[],
  ctx: { managerRemoteId: string | null },
): AttributeChange[] {
  const out: AttributeChange[] = [];
  const has = (f: Field) => changed.includes(f);
  const simple = (field: Field, path: string) => {
    if (has(field)) out.push({ path, value: after[field], had: before[field] != null });
  };
  simple("userName", "userName");
  simple("givenName", "name.givenName");
  simple("familyName", "name.familyName");
  if (has("givenName") || has("familyName")) {
    out.push({ path: "name.formatted", value: `${after.givenName} ${after.familyName}`, had: true });
  }
  if (has("displayName") || (after.displayName == null && (has("givenName") || has("familyName")))) {
    out.push({
      path: "displayName",
      value: after.displayName ?? `${after.givenName} ${after.familyName}`,
      had: true,
    });
  }
  if (has("email")) {
    out.push({
      path: 'emails[type eq "work"].value',
      value: after.email,
      had: before.email != null,
      ...(before.email === undefined ? { unknown: true as const } : {}),
      multi: { attribute: "emails", entry: { type: "work", primary: true } },
    });
  }
  if (has("phone")) {
    out.push({
      path: 'phoneNumbers[type eq "work"].value',
      value: after.phone,
      had: before.phone != null,
      ...(before.phone === undefined ? { unknown: true as const } : {}),
      multi: { attribute: "phoneNumbers", entry: { type: "work" } },
    });
  }
  simple("title", "title");
  simple("locale", "locale");
  simple("department", `${ENTERPRISE_USER}:department`);
  simple("employeeNumber", `${ENTERPRISE_USER}:employeeNumber`);
  if (has("managerId") && (ctx.managerRemoteId != null || before.managerId != null)) {
    out.push({
      path: MANAGER_PATH,
      value: ctx.managerRemoteId,
      had: before.managerId != null,
      manager: true,
    });
  }
  return out;
}

/**
 * The neutral changes written into a resource read from the target, as a read-modify-write PUT needs: every
 * attribute the change does not name stays exactly as the target returned it.
 */
export function applyAttributeChanges(resource: ScimObject, changes: AttributeChange[]): ScimObject {
  const out = structuredClone(resource);
  for (const c of changes) {
    if (c.multi) {
      const { attribute, entry } = c.multi;
      const list = Array.isArray(out[attribute]) ? [...(out[attribute] as ScimObject[])] : [];
      const at = list.findIndex((e) => e.type === entry.type);
      if (c.value == null) {
        if (at !== -1) list.splice(at, 1);
      } else if (at !== -1) list[at] = { ...list[at], value: c.value };
      else list.push({ value: c.value, ...entry });
      if (list.length > 0) out[attribute] = list;
      else delete out[attribute];
      continue;
    }
    const inExtension = c.path.startsWith(`${ENTERPRISE_USER}:`);
    const path = (inExtension ? c.path.slice(ENTERPRISE_USER.length + 1) : c.path).split(".");
    let at: ScimObject = out;
    if (inExtension) {
      out[ENTERPRISE_USER] = { ...((out[ENTERPRISE_USER] as ScimObject | undefined) ?? {}) };
      at = out[ENTERPRISE_USER] as ScimObject;
    }
    for (const key of path.slice(0, -1)) {
      at[key] = { ...((at[key] as ScimObject | undefined) ?? {}) };
      at = at[key] as ScimObject;
    }
    const last = path.at(-1) ?? "";
    const value = c.manager && c.value != null ? { value: c.value } : c.value;
    if (value == null) delete at[last];
    else at[last] = value;
  }
  const schemas = Array.isArray(out.schemas) ? (out.schemas as string[]) : [CORE_USER];
  if (out[ENTERPRISE_USER] && !schemas.includes(ENTERPRISE_USER)) out.schemas = [...schemas, ENTERPRISE_USER];
  return out;
}

/** RFC 7644 ops as a careful client writes them: add for a new value (an entry for a new work email), replace
 * for a changed one, remove for a cleared one. */
export function rfcOps(changes: AttributeChange[]): ScimObject[] {
  // A filtered remove that matches nothing is a 400 noTarget on a strict server (RFC 7644 §3.5.2.2). When what was
  // pushed is unknown the work entry may never have been there, so it is left alone: a stale entry at worst,
  // rather than an update that fails on every try.
  const sent = changes.filter((c) => !(c.value == null && c.multi && c.unknown));
  return sent.map((c): ScimObject => {
    const value = c.manager ? { value: c.value } : c.value;
    if (c.value == null)
      return { op: "remove", path: c.multi ? `${c.multi.attribute}[type eq "work"]` : c.path };
    if (c.had) return { op: "replace", path: c.path, value };
    if (c.multi) return { op: "add", path: c.multi.attribute, value: [{ value: c.value, ...c.multi.entry }] };
    return { op: "add", path: c.path, value };
  });
}

const str = (v: unknown) => (typeof v === "string" ? v : null);
const asBool = (v: unknown) =>
  typeof v === "boolean" ? v : typeof v === "string" ? v.toLowerCase() === "true" : null;

/** The directory fields a SCIM user resource carries, whatever dialect wrote it. */
export function fromScimUser(resource: ScimObject): Partial<User> {
  const name = (resource.name ?? {}) as ScimObject;
  const emails = Array.isArray(resource.emails)
    ? (resource.emails as ScimObject[])
    : resource.emails
      ? [resource.emails as ScimObject]
      : [];
  const email = emails.find((e) => e.type === "work") ?? emails.find((e) => e.primary === true) ?? emails[0];
  const enterprise = (resource[ENTERPRISE_USER] ?? {}) as ScimObject;
  return {
    userName: str(resource.userName) ?? "",
    givenName: str(name.givenName) ?? "",
    familyName: str(name.familyName) ?? "",
    email: str(email?.value),
    title: str(resource.title),
    department: str(enterprise.department),
    employeeNumber: str(enterprise.employeeNumber),
    active: asBool(resource.active) ?? true,
  };
}

const COMPARED = [
  "givenName",
  "familyName",
  "email",
  "title",
  "department",
  "employeeNumber",
  "active",
] as const;

export function userDifferences(user: User, remote: Partial<User>) {
  const fields: Array<{ field: string; directory: unknown; target: unknown }> = [];
  if (user.userName.toLowerCase() !== (remote.userName ?? "").toLowerCase()) {
    fields.push({ field: "userName", directory: user.userName, target: remote.userName });
  }
  for (const field of COMPARED) {
    const mine = user[field] ?? null;
    const theirs = remote[field] ?? null;
    if (mine !== theirs) fields.push({ field, directory: mine, target: theirs });
  }
  return fields;
}
