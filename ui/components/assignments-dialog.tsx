import { useMemo, useState } from "react";
import type { Group, TargetView, User } from "../../server/protocol";
import { api } from "../api";
import { fullName } from "../format";
import { useUserSearch, useUsersById } from "../use-directory-lookup";
import { useSubmit } from "../use-submit";
import { FormDialog } from "./form-dialog";
import { type ChecklistItem, SearchableChecklist } from "./searchable-checklist";
import "./assignments-dialog.css";

interface Props {
  target: TargetView;
  groups: Group[];
  onClose: () => void;
}

/** Who is assigned to a target with scope "assigned": users directly, or through an assigned group. */
export function AssignmentsDialog({ target, groups, onClose }: Props) {
  const [assignedUsers, setAssignedUsers] = useState<string[]>(target.assigned.users);
  // The directory may hold 100k people: the list is the server's matches for the search, with the assigned first.
  const search = useUserSearch();
  const assignedById = useUsersById(assignedUsers);
  const [assignedGroups, setAssignedGroups] = useState<string[]>(target.assigned.groups);
  const submit = useSubmit();

  const userItems = useMemo<ChecklistItem[]>(() => {
    const item = (u: User) => ({ id: u.id, label: fullName(u), detail: u.userName });
    const assigned = [...assignedById.values()].sort((a, b) => fullName(a).localeCompare(fullName(b)));
    const shownAssigned = search.query.trim() ? [] : assigned.map(item);
    const seen = new Set(shownAssigned.map((i) => i.id));
    return [...shownAssigned, ...search.matches.filter((u) => !seen.has(u.id)).map(item)];
  }, [assignedById, search.matches, search.query]);
  const groupItems = useMemo<ChecklistItem[]>(
    () =>
      [...groups]
        .sort((a, b) => a.displayName.localeCompare(b.displayName))
        .map((g) => ({
          id: g.id,
          label: g.displayName,
          detail: `${g.members.length} member${g.members.length === 1 ? "" : "s"}`,
        })),
    [groups],
  );

  // Everyone in scope: the directly assigned plus the members of assigned groups.
  const inScope = useMemo(() => {
    const ids = new Set(assignedUsers);
    for (const group of groups)
      if (assignedGroups.includes(group.id)) for (const m of group.members) ids.add(m);
    return ids.size;
  }, [assignedUsers, assignedGroups, groups]);

  const save = () =>
    submit.run(async () => {
      await api.updateTarget(target.id, { assigned: { users: assignedUsers, groups: assignedGroups } });
      onClose();
    });

  return (
    <FormDialog
      title={`Assignments · ${target.name}`}
      onClose={onClose}
      testId="assignments-dialog"
      wide
      submit={submit}
      onSubmit={save}
      submitLabel="Save assignments"
      submitTestId="save-assignments"
      note={
        <span className="muted foot-note" data-testid="assign-in-scope">
          {inScope} user{inScope === 1 ? "" : "s"} in scope
        </span>
      }
    >
      <div className="modal-body">
        <p className="muted">
          This target provisions only what is assigned to it. Assigning pushes the user now (on-edit) or in
          the next cycle; unassigning deprovisions as the target's rule says.
        </p>
        <div className="assign-grid">
          <section>
            <h4 className="section-title">Users</h4>
            <SearchableChecklist
              items={userItems}
              selected={assignedUsers}
              onChange={setAssignedUsers}
              noun="users"
              testId="assign-users"
              search={search}
            />
          </section>
          <section>
            <h4 className="section-title">Groups</h4>
            <SearchableChecklist
              items={groupItems}
              selected={assignedGroups}
              onChange={setAssignedGroups}
              noun="groups"
              testId="assign-groups"
            />
          </section>
        </div>
      </div>
    </FormDialog>
  );
}
