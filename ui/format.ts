import type { TargetAuth } from "../server/protocol";

export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** The request URL relative to the target's base URL, query decoded so a filter reads as written. */
export function relativeUrl(url: string, baseUrl: string | undefined): string {
  let path = url;
  const base = baseUrl?.replace(/\/+$/, "");
  if (base && url.startsWith(base)) path = url.slice(base.length) || "/";
  else {
    try {
      const parsed = new URL(url);
      path = parsed.pathname + parsed.search;
    } catch {
      path = url;
    }
  }
  try {
    return decodeURIComponent(path.replace(/\+/g, " "));
  } catch {
    return path;
  }
}

export function statusClass(status: number | null): string {
  if (status === null) return "status-err";
  if (status >= 500) return "status-5xx";
  if (status >= 400) return "status-4xx";
  if (status >= 300) return "status-3xx";
  return "status-2xx";
}

export function describeAuth(auth: TargetAuth): string {
  switch (auth.type) {
    case "bearer":
      return `Bearer ${auth.token}`;
    case "basic":
      return `Basic ${auth.username} : ${auth.password}`;
    case "header":
      return `${auth.name}: ${auth.value}`;
    case "none":
      return "no credentials";
  }
}

export function fullName(user: {
  givenName?: string;
  familyName?: string;
  displayName?: string | null;
}): string {
  return user.displayName || [user.givenName, user.familyName].filter(Boolean).join(" ");
}

/** A scheduled run as a trainer reads it: "14:40:00", or "Tue 14:40" when it is not today. */
export function formatRun(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });
  if (date.toDateString() === now.toDateString()) return time;
  return `${date.toLocaleDateString([], { weekday: "short", day: "numeric", month: "short" })} ${time}`;
}

/** "1 user", "3 users": a count with its noun, for sentences built from numbers the server reports. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
