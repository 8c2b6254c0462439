import type { ExplanationTable } from "./explanation";

// What an IdP's admin sees when the server fails one of the IdP's own lifecycle steps, and what fixes it. The keys
// are explained in explanation.ts; Okta AIW and Entra with the flag fall back to Okta's and Entra's words.

const STRING_BOOLEAN_FIX =
  'accept the strings "True" and "False" for active (Entra\'s default), or ask the Entra admin to add the aadOptscim062020 flag to the tenant URL so Entra sends real booleans';
const ENTRA_ERROR =
  "the provisioning log would show the export failed; Entra retries it every cycle, and enough failures put the app in quarantine";

export const LIFECYCLE: ExplanationTable = {
  connection: {
    "*": {
      admin:
        "{idp}'s connection test fails with the answer shown, so the admin cannot switch provisioning on and nothing is ever provisioned.",
      fix: "Answer the test's GET /Users (and GET /Groups) with 200 and a ListResponse, empty for a name no one has.",
    },
    okta: {
      admin: 'Okta\'s "Test Connector Configuration" fails and provisioning "To App" cannot be enabled.',
    },
    entra: { admin: 'Entra\'s "Test Connection" fails and the provisioning configuration cannot be saved.' },
    onelogin: { admin: "OneLogin cannot enable the SCIM connection, so the app never provisions." },
    "*:refused": {
      fix: "Check the token or password given, and that the server accepts it for this base URL.",
    },
    "*:no-answer": { fix: "Check the base URL, and that the server is up and reachable from here." },
  },
  "user.create": {
    "*": {
      admin: "Assigning a user to the app in {idp} fails: the account is never created.",
      fix: "Answer the lookup with 200 and a ListResponse, and the POST with 201 and the created user, its id included.",
    },
    okta: {
      admin:
        "Assigning the user to the app in Okta fails: the assignment shows an error, a task appears under Dashboard › Tasks, and the admin has to retry it by hand.",
    },
    entra: { admin: `The user is never created in the app; ${ENTRA_ERROR}.` },
    onelogin: { admin: "The user is never created in the app; OneLogin shows the provisioning as failed." },
  },
  "user.update": {
    "*": {
      admin: "Profile changes made in {idp} never reach the app; the app keeps the old values.",
      fix: "Accept the update exactly as the IdP sent it (shown above) and store every attribute it changes.",
    },
    okta: {
      admin: "Profile changes made in Okta never reach the app; each push fails and shows as a task in Okta.",
      fix: "Accept PUT /Users/{id} with the whole resource: Okta reads the user first and writes it back changed.",
    },
    entra: {
      admin: `Profile changes never reach the app; ${ENTRA_ERROR}.`,
      fix: 'Accept PATCH with "Replace" ops on paths such as title, name.familyName and emails[type eq "work"].value.',
    },
    "entra-scim062020": {
      fix: 'Accept PATCH ops with filtered paths (emails[type eq "work"].value) and a path-less replace of dotted names.',
    },
    onelogin: { fix: "Accept PUT /Users/{id} with the whole user as OneLogin's template renders it." },
  },
  "user.rename": {
    "*": {
      admin:
        "A user renamed in {idp} keeps the old userName in the app, and signing in with the new name fails.",
      fix: "Let an update change userName, as long as the new name is not taken.",
    },
    entra: { admin: `The renamed user keeps the old userName in the app; ${ENTRA_ERROR}.` },
  },
  "user.deactivate": {
    "*": {
      admin: "A user deactivated in {idp} stays active in the app and can still sign in.",
      fix: "Accept the deactivation as the IdP sent it (shown above), set active to false and keep the account.",
    },
    okta: {
      admin:
        "Deactivating or unassigning the user in Okta leaves the account active in the app, and Okta shows a failed deprovisioning task.",
    },
    entra: { admin: `In Entra this user would stay enabled in the app, and ${ENTRA_ERROR}.` },
    "entra:string-boolean": { fix: STRING_BOOLEAN_FIX },
    onelogin: { admin: "Suspending the user in OneLogin leaves the account active in the app." },
  },
  "user.reactivate": {
    "*": {
      admin: "A user reactivated in {idp} stays disabled in the app and cannot sign in.",
      fix: "Accept active true on an inactive account, as the IdP sent it (shown above).",
    },
    entra: { admin: `In Entra the re-enabled user would stay disabled in the app, and ${ENTRA_ERROR}.` },
    "entra:string-boolean": { fix: STRING_BOOLEAN_FIX },
  },
  "user.deprovision": {
    "*": {
      admin: "A user removed from {idp} keeps an active account in the app.",
      fix: "Accept the IdP's deprovisioning as sent (shown above): it deactivates the account rather than deleting it.",
    },
    okta: {
      admin:
        "A user removed in Okta keeps an active account in the app (Okta deactivates; it never deletes).",
    },
    entra: {
      admin: `A user deleted in Entra stays enabled in the app: the soft delete (a disable) fails, and ${ENTRA_ERROR}.`,
    },
    "entra:string-boolean": { fix: STRING_BOOLEAN_FIX },
    onelogin: {
      admin: "A user deleted in OneLogin keeps an active account in the app (OneLogin suspends by default).",
    },
  },
  "user.delete": {
    "*": {
      admin:
        "When Entra deletes the user for good, 30 days after the soft delete, the account stays in the app and the provisioning log shows the DELETE failed.",
      fix: "Accept DELETE /Users/{id} with 204, and answer 404 for that id afterwards.",
    },
  },
  "group.create": {
    "*": {
      admin: "Pushing a group from {idp} fails, so its members never get the group's access in the app.",
      fix: "Accept POST /Groups with a displayName, answer 201 with the group and its id, then accept the members PATCH that follows.",
    },
    okta: {
      admin: 'Okta\'s Push Groups shows the group as "Push failed"; its members never get it in the app.',
    },
    "okta-aiw": {
      fix: "Accept POST /Groups with its members, then GET and a PUT of the whole group.",
    },
    entra: {
      admin: `The group never appears in the app; ${ENTRA_ERROR}.`,
      fix: "Accept POST /Groups carrying the legacy ADSCIM group schema beside the core one, with no members; members come in a PATCH.",
    },
  },
  "group.members.add": {
    "*": {
      admin: "Users added to the group in {idp} do not get its access in the app.",
      fix: 'Accept PATCH {"op":"add","path":"members","value":[{"value":"<user id>"}]} as the IdP sent it (shown above).',
    },
    "okta-aiw": { fix: "Accept GET of the group and a PUT of the whole group with its new members." },
  },
  "group.members.remove": {
    "*": {
      admin: "Users removed from the group in {idp} keep its access in the app.",
      fix: 'Accept PATCH {"op":"remove","path":"members[value eq \\"<user id>\\"]"} and remove only that member.',
    },
    entra: {
      fix: 'Accept Entra\'s {"op":"Remove","path":"members","value":[{"value":"<user id>"}]}: remove just the members listed in value.',
    },
    "okta-aiw": { fix: "Accept GET of the group and a PUT of the whole group without the removed member." },
  },
  "group.rename": {
    "*": {
      admin: "A group renamed in {idp} keeps its old name in the app.",
      fix: "Accept a change of displayName as the IdP sent it (shown above).",
    },
  },
  "group.delete": {
    "*": {
      admin: "A group deleted in {idp} lingers in the app, with its members and their access.",
      fix: "Accept DELETE /Groups/{id} with 204, and answer 404 for that id afterwards.",
    },
  },
};
