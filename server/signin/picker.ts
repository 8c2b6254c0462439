import type { App, User } from "../protocol";
import { escapeHtml, page } from "./pages";

const PICKER_ROWS = 50;

/** The users a picker shows for a search: userName, names and email, case-insensitively, in userName order. */
export function pickable(users: readonly User[], query: string): { shown: User[]; total: number } {
  const q = query.trim().toLowerCase();
  const hits = q
    ? users.filter((u) =>
        [u.userName, u.givenName, u.familyName, u.displayName ?? "", u.email ?? ""].some((f) =>
          f.toLowerCase().includes(q),
        ),
      )
    : users;
  return { shown: hits.slice(0, PICKER_ROWS), total: hits.length };
}

/**
 * The sign-in page: an account picker of directory users. Every user is listed, deactivated ones marked, so
 * a trainer can show a refusal; choosing one posts its id back to `action`.
 */
export function pickerPage(
  app: App | undefined,
  users: readonly User[],
  query: string,
  action: string,
  searchUrl: string,
  hidden: Record<string, string> = {},
): string {
  const { shown, total } = pickable(users, query);
  const carry = (fields: Record<string, string>) =>
    Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join("");
  const rows = shown
    .map((u) => {
      const name = u.displayName ?? `${u.givenName} ${u.familyName}`;
      const state = u.active ? "" : ` <span class="off">(deactivated)</span>`;
      return `<li><form method="post" action="${escapeHtml(action)}">${carry(hidden)}<input type="hidden" name="userId" value="${escapeHtml(u.id)}"><button type="submit" data-user-name="${escapeHtml(u.userName)}"><b>${escapeHtml(name)}</b>${state}<br><span class="muted">${escapeHtml(u.userName)}</span></button></form></li>`;
    })
    .join("");
  const more =
    total > shown.length ? `<p class="muted">${shown.length} of ${total} shown; search to narrow.</p>` : "";
  const appName = app
    ? `${escapeHtml(app.name)} <span class="muted">(${escapeHtml(app.profile)}, ${app.protocol.toUpperCase()})</span>`
    : "an app";
  return page(
    "Sign in",
    `<h1>Sign in to ${appName}</h1><p class="muted">Pick the directory user to sign in as. The directory decides: a deactivated or unassigned user is refused as the IdP would refuse them.</p><form class="search" method="get" action="${escapeHtml(searchUrl)}">${carry(hidden)}<input name="q" value="${escapeHtml(query)}" placeholder="Search users" aria-label="Search users"><button type="submit">Search</button></form><ul class="accounts">${rows || '<li class="muted">No user matches.</li>'}</ul>${more}`,
  );
}

/** The user a login_hint names: by userName, or else by email, case-insensitively. */
export function userByHint(users: readonly User[], hint: string): User | undefined {
  const h = hint.trim().toLowerCase();
  return users.find((u) => u.userName.toLowerCase() === h) ?? users.find((u) => u.email?.toLowerCase() === h);
}
