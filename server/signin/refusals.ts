import type { App, SignInProfile, User } from "../protocol";

/** Why the directory will not let someone sign in to an app. */
export type RefusalReason = "unknown-user" | "disabled" | "not-assigned";

/**
 * A refusal in the IdP's own words. `code` is what a scenario's `error:` names (AADSTS50057); `error` is the
 * OAuth 2.0 error the browser is sent back to the app with; `description` is the IdP's message.
 */
export interface Refusal {
  reason: RefusalReason;
  code: string;
  error: "access_denied" | "login_required";
  description: string;
}

const hidden = "{EUII Hidden}";

/** Entra's AADSTS codes and texts (Entra's error-code reference; see docs/sign-in.md for what is verified). */
function entra(reason: RefusalReason, app: App): Refusal {
  if (reason === "disabled")
    return {
      reason,
      code: "AADSTS50057",
      error: "access_denied",
      description:
        "AADSTS50057: User account is disabled. The user object in Active Directory backing this account has been disabled. An admin can re-enable this account through PowerShell.",
    };
  if (reason === "unknown-user")
    return {
      reason,
      code: "AADSTS50034",
      error: "access_denied",
      description: `AADSTS50034: The user account ${hidden} does not exist in the directory. To sign into this application, the account must be added to the directory.`,
    };
  return {
    reason,
    code: "AADSTS50105",
    error: "access_denied",
    description: `AADSTS50105: Your administrator has configured the application ${app.name} ('${app.clientId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user '${hidden}' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.`,
  };
}

/** Okta: the unassigned text is what Okta sends back to the app; a deactivated user fails authentication. */
function okta(reason: RefusalReason): Refusal {
  if (reason === "not-assigned")
    return {
      reason,
      code: "access_denied",
      error: "access_denied",
      description: "User is not assigned to the client application.",
    };
  return { reason, code: "E0000004", error: "access_denied", description: "E0000004: Authentication failed" };
}

function onelogin(reason: RefusalReason): Refusal {
  if (reason === "not-assigned")
    return {
      reason,
      code: "access_denied",
      error: "access_denied",
      description: "User is not authorized to access this application.",
    };
  return {
    reason,
    code: "access_denied",
    error: "access_denied",
    description: "Authentication failed: the user is not active.",
  };
}

function rfc(reason: RefusalReason): Refusal {
  const words: Record<RefusalReason, string> = {
    "unknown-user": "no such user in the directory",
    disabled: "the user is deactivated in the directory",
    "not-assigned": "the user is not assigned to this app",
  };
  return { reason, code: "access_denied", error: "access_denied", description: words[reason] };
}

export function refusalFor(profile: SignInProfile, reason: RefusalReason, app: App): Refusal {
  if (profile === "entra") return entra(reason, app);
  if (profile === "okta") return okta(reason);
  if (profile === "onelogin") return onelogin(reason);
  return rfc(reason);
}

/** Whether the directory lets this user sign in to this app, and if not, the IdP's refusal. */
export function judgeSignIn(
  user: User | undefined,
  app: App,
  groupsOf: (userId: string) => string[],
): Refusal | null {
  if (!user) return refusalFor(app.profile, "unknown-user", app);
  if (!user.active) return refusalFor(app.profile, "disabled", app);
  if (app.scope === "assigned") {
    const direct = app.assigned.users.includes(user.id);
    const viaGroup = groupsOf(user.id).some((g) => app.assigned.groups.includes(g));
    if (!direct && !viaGroup) return refusalFor(app.profile, "not-assigned", app);
  }
  return null;
}
