import type { Request } from "express";
import type { Directory } from "../directory/directory";
import { Problem } from "../problem";
import {
  type Exchange,
  LOG_FILTER_KEYS,
  type LogFilter,
  STATUS_CLASSES,
  type StatusClass,
  type Target,
} from "../protocol";
import { single } from "./paging";

type Query = Request["query"];

const MAX_TEXT = 256;
const METHOD = /^[A-Za-z]{1,16}$/;

function text(query: Query, name: keyof LogFilter): string | undefined {
  const value = single(query, name)?.trim();
  if (value === undefined || value === "") return undefined;
  if (value.length > MAX_TEXT) {
    throw new Problem("invalid", `${name} must be at most ${MAX_TEXT} characters`, [
      { path: name, message: `must be at most ${MAX_TEXT} characters` },
    ]);
  }
  return value;
}

const isStatusClass = (value: string): value is StatusClass =>
  (STATUS_CLASSES as readonly string[]).includes(value);

/** The log's narrowing from the query string; bad values get a 400 that names the parameter. */
export function logFilterOf(query: Query): LogFilter {
  const filter: LogFilter = {};
  for (const key of LOG_FILTER_KEYS) {
    const value = text(query, key);
    if (value !== undefined && key !== "status") filter[key] = value;
  }
  if (filter.method !== undefined && !METHOD.test(filter.method)) {
    throw new Problem(
      "invalid",
      `method must be an HTTP method such as GET or PATCH, got ${JSON.stringify(filter.method)}`,
      [{ path: "method", message: "must be an HTTP method" }],
    );
  }
  const status = text(query, "status")?.toLowerCase();
  if (status !== undefined) {
    if (!isStatusClass(status)) {
      throw new Problem(
        "invalid",
        `status must be one of ${STATUS_CLASSES.join(", ")}, got ${JSON.stringify(status)}`,
        [{ path: "status", message: `must be one of ${STATUS_CLASSES.join(", ")}` }],
      );
    }
    filter.status = status;
  }
  return filter;
}

export function hasLogFilter(filter: LogFilter): boolean {
  return Object.keys(filter).length > 0;
}

export const statusClassOf = (e: Exchange): StatusClass =>
  e.response === null || e.response.status === 0
    ? "err"
    : (`${String(e.response.status)[0]}xx` as StatusClass);

const contains = (needle: string) => {
  const pattern = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
  return (value: string | null | undefined) => typeof value === "string" && pattern.test(value);
};

/** The ids of the users and groups whose names hold `who`, read once per search rather than once per exchange. */
function idsNamed(directory: Directory, who: string): Set<string> {
  const matches = contains(who);
  const ids = new Set<string>();
  for (const u of directory.listUsers()) {
    if (
      matches(u.userName) ||
      matches(u.displayName) ||
      matches(`${u.givenName} ${u.familyName}`) ||
      matches(u.email)
    )
      ids.add(u.id);
  }
  for (const g of directory.listGroups()) if (matches(g.displayName)) ids.add(g.id);
  return ids;
}

/** The test each exchange must pass; undefined when nothing narrows the log. */
export function logTest(
  filter: LogFilter,
  directory: Directory,
  targets: () => readonly Target[],
): ((e: Exchange) => boolean) | undefined {
  const tests: Array<(e: Exchange) => boolean> = [];
  if (filter.target !== undefined) {
    const wanted = filter.target;
    const named = new Set(
      targets()
        .filter((t) => t.id === wanted || t.name.toLowerCase() === wanted.toLowerCase())
        .map((t) => t.id),
    );
    named.add(wanted);
    tests.push((e) => named.has(e.targetId));
  }
  if (filter.method !== undefined) {
    const method = filter.method.toUpperCase();
    tests.push((e) => e.request.method === method);
  }
  if (filter.status !== undefined) {
    const status = filter.status;
    tests.push((e) => statusClassOf(e) === status);
  }
  if (filter.path !== undefined) {
    const matches = contains(filter.path);
    tests.push((e) => matches(e.request.url) || matches(safeDecode(e.request.url)));
  }
  if (filter.cause !== undefined) {
    const matches = contains(filter.cause);
    tests.push((e) => matches(e.cause.type));
  }
  if (filter.user !== undefined) tests.push((e) => e.cause.userId === filter.user);
  if (filter.group !== undefined) tests.push((e) => e.cause.groupId === filter.group);
  if (filter.who !== undefined) {
    const ids = idsNamed(directory, filter.who);
    tests.push(
      (e) =>
        (e.cause.userId !== undefined && ids.has(e.cause.userId)) ||
        (e.cause.groupId !== undefined && ids.has(e.cause.groupId)),
    );
  }
  if (tests.length === 0) return undefined;
  return (e) => tests.every((test) => test(e));
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url.replace(/\+/g, " "));
  } catch {
    return url;
  }
}

/** The names of the users and groups these exchanges were about, for showing next to their ids. */
export function namesOf(exchanges: readonly Exchange[], directory: Directory): Record<string, string> {
  const names: Record<string, string> = {};
  for (const e of exchanges) {
    const { userId, groupId } = e.cause;
    if (userId && !(userId in names)) {
      const user = directory.findUser(userId);
      if (user) names[userId] = user.displayName ?? `${user.givenName} ${user.familyName}`;
    }
    if (groupId && !(groupId in names)) {
      const group = directory.findGroup(groupId);
      if (group) names[groupId] = group.displayName;
    }
  }
  return names;
}
