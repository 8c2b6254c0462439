import type { Directory } from "../directory/directory";
import { Problem } from "../problem";
import type { ConnectionTest, JobResult, PurgeResult } from "../protocol";
import type { Targets } from "../targets/targets";
import { judgeTestAnswer } from "./connection-verdict";
import { dialectFor } from "./dialects";
import type { Links } from "./links";
import type { Provisioner } from "./provisioner";
import type { Send } from "./send";

export type Actions = ReturnType<typeof createActions>;

/** What an admin does by hand in an IdP's console: provision one user now, test the connection, purge. */
export function createActions(deps: {
  directory: Directory;
  targets: Targets;
  links: Links;
  provisioner: Provisioner;
  send: Send;
}) {
  const { directory, targets, links, provisioner, send } = deps;
  return {
    /** Entra's "provision on demand": one user, now, whatever the target's mode. */
    async provisionOne(targetId: string, userId: string): Promise<JobResult> {
      const target = targets.get(targetId);
      directory.getUser(userId);
      return provisioner.enqueueUser(target, userId, { type: "provision-on-demand", userId });
    },

    /** The IdP's "Test connection": the dialect's probe request, sent and judged. */
    async testConnection(targetId: string): Promise<ConnectionTest> {
      const target = targets.get(targetId);
      const dialect = dialectFor(target.profile);
      const ctx = provisioner.flowContext(target, null);
      const cause = { type: "test-connection" } as const;
      let response = await send(target, dialect, dialect.testConnection(ctx), cause);
      let verdict = judgeTestAnswer(response, dialect.testAccepts);
      // The rest of the IdP's test goes out only while each answer is one it accepts: the IdP stops at the first.
      for (const request of dialect.alsoOnTest(ctx)) {
        if (!verdict.ok) break;
        response = await send(target, dialect, request, cause);
        verdict = judgeTestAnswer(response, { emptyList: dialect.testAccepts.emptyList });
      }
      const detail = verdict.ok ? `${verdict.detail} (${dialect.profile})` : verdict.detail;
      return { ok: verdict.ok, status: response.status, detail };
    },

    /**
     * Entra's "delete permanently": DELETE the soft-deleted users now instead of when the window ends. With a
     * userId, only that user.
     */
    async purge(targetId: string, userId?: string): Promise<PurgeResult> {
      const target = targets.get(targetId);
      const ids = Object.entries(links.all(targetId))
        .filter(
          ([id, link]) =>
            link.deprovisioned && !directory.findUser(id) && (userId === undefined || id === userId),
        )
        .map(([id]) => id);
      if (userId !== undefined && ids.length === 0) {
        throw directory.findUser(userId)
          ? new Problem("conflict", `User "${userId}" is still in the directory; delete it first, then purge`)
          : new Problem(
              "not_found",
              `No deleted user "${userId}" waits for purge on target "${target.name}"`,
            );
      }
      const results = await Promise.all(
        ids.map((id) => provisioner.enqueueUser(target, id, { type: "purge", userId: id }, true)),
      );
      return {
        deleted: results.filter((r) => r.outcome === "deleted").length,
        failed: results.filter((r) => r.outcome === "failed").length,
      };
    },
  };
}
