import { createHash } from "node:crypto";
import type { JsonObject } from "./json";
import type { ResourceKind } from "./resource-kind";
import { userType } from "./schemas";

const HASHED = "sha256:";

/**
 * Users. Passwords are write-only (never returned) and nothing here checks them, so only a hash is kept: the
 * org can show that one arrived without a plaintext credential ever reaching its JSON file.
 */
export const usersKind: ResourceKind = {
  type: userType,
  uniqueAttribute: "userName",
  patchAnswersNoContent: false,
  prepare(data, previous) {
    const out: JsonObject = { ...data };
    const password = out.password;
    if (typeof password === "string" && password !== previous?.data.password) {
      out.password = HASHED + createHash("sha256").update(password).digest("hex");
    } else if (password === undefined && typeof previous?.data.password === "string") {
      // Okta's PUT is a read-modify-write of a representation that cannot contain the password; keep it.
      out.password = previous.data.password;
    }
    return out;
  },
};
