import { useState } from "react";
import { api, type LeftoversRemoved } from "../api";
import { counted } from "../format";
import { useLiveSignals } from "../live-bus";
import { useAction } from "../use-action";
import { useLoader } from "../use-loader";
import { ConfirmDialog } from "./confirm-dialog";
import "./leftovers-notice.css";

interface Props {
  /** Users and groups both changed: the lists are read again. */
  onChanged: () => void;
  onNotify: (message: string, kind?: "error" | "info") => void;
}

/** "3 users and 1 group", leaving out a kind there is none of (but never saying nothing at all). */
function usersAndGroups(users: number, groups: number): string {
  const parts = [users > 0 && counted(users, "user"), groups > 0 && counted(groups, "group")];
  const named = parts.filter((p): p is string => typeof p === "string");
  return named.length > 0 ? named.join(" and ") : "0 users and 0 groups";
}

function removedMessage(removed: LeftoversRemoved): string {
  const what = `Removed ${usersAndGroups(removed.users, removed.groups)} (${counted(removed.onTargets, "account")} on targets)`;
  return removed.leftBehind.length === 0 ? what : `${what}; left behind: ${removed.leftBehind.join("; ")}`;
}

/**
 * What scenario runs left in the directory, as the server lists them by their `origin` (the mark the pills on the
 * rows show), so the page needs no whole directory to count them: removed in one go (from the run's target too)
 * or kept as ordinary entries every target provisions.
 */
export function LeftoversNotice({ onChanged, onNotify }: Props) {
  const [confirming, setConfirming] = useState(false);
  const keep = useAction<"keep">();
  const leftovers = useLoader(api.leftovers);
  useLiveSignals((signal) => {
    // A run's users and groups arrive as directory events; a reread covers what no event announced.
    if (signal.type === "directory" || signal.type === "reread") leftovers.refresh();
    if (signal.type === "scenario" && signal.phase === "end") leftovers.refresh();
  });
  const changed = () => {
    leftovers.refresh();
    onChanged();
  };
  const userCount = leftovers.data?.users.length ?? 0;
  const groupCount = leftovers.data?.groups.length ?? 0;
  const what = usersAndGroups(userCount, groupCount);

  const keepAll = () =>
    keep.run("keep", "Keep as ordinary", async () => {
      const kept = await api.keepLeftovers();
      changed();
      onNotify(
        `Kept ${usersAndGroups(kept.users.length, kept.groups.length)} as ordinary entries; every on-edit target provisions them now`,
        "info",
      );
    });

  return (
    <>
      {userCount + groupCount > 0 && (
        <div
          className="leftovers-notice"
          data-testid="leftovers-notice"
          data-users={userCount}
          data-groups={groupCount}
        >
          <span className="leftovers-text" data-testid="leftovers-text">
            {what} from scenario runs — only their run's target provisions them
          </span>
          <span className="leftovers-actions">
            <button
              type="button"
              className="small danger-ghost"
              disabled={keep.running !== null}
              onClick={() => setConfirming(true)}
              data-testid="leftovers-remove"
            >
              Remove
            </button>
            <button
              type="button"
              className="small"
              disabled={keep.running !== null}
              onClick={keepAll}
              data-testid="leftovers-keep"
            >
              {keep.running ? "Keeping…" : "Keep as ordinary"}
            </button>
          </span>
          {keep.error && (
            <span className="leftovers-error" role="alert">
              {keep.error}
            </span>
          )}
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title="Remove scenario leftovers"
          confirmLabel="Remove"
          danger
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const removed = await api.removeLeftovers();
            changed();
            onNotify(removedMessage(removed), removed.leftBehind.length === 0 ? "info" : "error");
          }}
        >
          <p>
            Remove the <strong>{what}</strong> that scenario runs made?
          </p>
          <p className="muted">
            They go from the directory, and from the target each run pushed them to: deleted there, or
            deactivated where it refuses a DELETE.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
