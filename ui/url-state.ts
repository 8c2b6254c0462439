import { useCallback, useEffect, useState } from "react";
import { LOG_FILTER_KEYS, type LogFilter, STATUS_CLASSES, type StatusClass } from "../server/protocol";

export const VIEW_IDS = ["users", "groups", "traffic", "compare", "scenarios", "sign-in"] as const;
export type View = (typeof VIEW_IDS)[number];

export type TrafficMode = "table" | "sequence";

/** The traffic view's narrowing as the address bar keeps it: the server's filter, a text search, a layout. */
export interface TrafficLocation extends LogFilter {
  q?: string;
  mode?: TrafficMode;
}

/**
 * What the address bar says: the view and whatever is selected in it. Every piece is a query parameter of `/`, so
 * a copied address reopens the same view, user, target, run and exchange (a target's traffic is `t.target`), and
 * Back steps through the views.
 */
export interface AppLocation {
  view: View;
  /** The user whose edit form is open in the users view. */
  user?: string;
  scenario?: string;
  run?: string;
  exchange?: string;
  /** The target card picked out in the users and groups views. */
  target?: string;
  traffic: TrafficLocation;
}

const SELECTIONS = ["user", "scenario", "run", "exchange", "target"] as const;

const isView = (v: string | null): v is View => (VIEW_IDS as readonly string[]).includes(v ?? "");
const isStatus = (v: string): v is StatusClass => (STATUS_CLASSES as readonly string[]).includes(v);

export function parseLocation(search: string): AppLocation {
  const params = new URLSearchParams(search);
  const view = params.get("view");
  const location: AppLocation = { view: isView(view) ? view : "users", traffic: {} };
  for (const key of SELECTIONS) {
    const value = params.get(key);
    if (value) location[key] = value;
  }
  for (const key of LOG_FILTER_KEYS) {
    const value = params.get(`t.${key}`);
    if (!value) continue;
    if (key === "status") {
      if (isStatus(value)) location.traffic.status = value;
    } else location.traffic[key] = value;
  }
  const q = params.get("t.q");
  if (q) location.traffic.q = q;
  if (params.get("t.mode") === "sequence") location.traffic.mode = "sequence";
  return location;
}

export function formatLocation(location: AppLocation): string {
  const params = new URLSearchParams();
  if (location.view !== "users") params.set("view", location.view);
  for (const key of SELECTIONS) {
    const value = location[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(location.traffic))
    if (value) params.set(`t.${key}`, String(value));
  const text = params.toString();
  return text ? `/?${text}` : "/";
}

export type Navigate = (patch: Partial<AppLocation>, how?: { push?: boolean }) => void;

/** The location, and a way to change it: a new view is a new history entry, a selection replaces the current one. */
export function useAppLocation(): [AppLocation, Navigate] {
  const [location, setLocation] = useState(() => parseLocation(window.location.search));
  useEffect(() => {
    const onPop = () => setLocation(parseLocation(window.location.search));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const navigate = useCallback<Navigate>((patch, how) => {
    setLocation((current) => {
      const next = { ...current, ...patch };
      const url = formatLocation(next);
      if (url !== `${window.location.pathname}${window.location.search}`) {
        if (how?.push ?? (patch.view !== undefined && patch.view !== current.view))
          window.history.pushState(null, "", url);
        else window.history.replaceState(null, "", url);
      }
      return next;
    });
  }, []);
  return [location, navigate];
}
