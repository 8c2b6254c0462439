import { sampleUser } from "./org-only";
import { ENTERPRISE_USER } from "./scim-urns";

/**
 * The user the PATCH tests on the embedded org start from: two emails for value filters to select between, and
 * enterprise attributes to address by their URN path.
 */
export const patchSubject = () =>
  sampleUser({
    emails: [
      { value: "jane@work.example", type: "work", primary: true },
      { value: "jane@home.example", type: "home" },
    ],
    [ENTERPRISE_USER]: { department: "R&D", costCenter: "42" },
  });
