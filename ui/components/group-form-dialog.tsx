import { useId, useMemo, useState } from "react";
import type { Group, User } from "../../server/protocol";
import type { GroupPatch } from "../api";
import { fullName } from "../format";
import { useUserSearch, useUsersById } from "../use-directory-lookup";
import { useSubmit } from "../use-submit";
import { FormDialog } from "./form-dialog";
import { type ChecklistItem, SearchableChecklist } from "./searchable-checklist";

interface Props {
  /** The group to edit, or null to create one. */
  group: Group | null;
  onSave: (body: GroupPatch) => Promise<void>;
  onClose: () => void;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** Create a group or edit one: its name, its description and who is in it. */
export function GroupFormDialog({ group, onSave, onClose }: Props) {
  const [displayName, setDisplayName] = useState(group?.displayName ?? "");
  const [description, setDescription] = useState(group?.description ?? "");
  const [members, setMembers] = useState<string[]>(group?.members ?? []);
  const submit = useSubmit();
  const { fieldErrors } = submit;
  const idPrefix = useId();

  // The directory may hold 100k people: the list is the server's matches for the search, with the members first.
  const search = useUserSearch();
  const memberUsers = useUsersById(useMemo(() => [...(group?.members ?? []), ...members], [group, members]));
  const byId = useMemo(
    () => new Map([...search.matches.map((u) => [u.id, u] as const), ...memberUsers]),
    [search.matches, memberUsers],
  );
  const items = useMemo<ChecklistItem[]>(() => {
    const item = (u: User) => ({ id: u.id, label: fullName(u), detail: u.userName });
    const chosen = search.query.trim()
      ? []
      : members
          .flatMap((id) => memberUsers.get(id) ?? [])
          .sort((a, b) => fullName(a).localeCompare(fullName(b)));
    const seen = new Set(chosen.map((u) => u.id));
    return [...chosen.map(item), ...search.matches.filter((u) => !seen.has(u.id)).map(item)];
  }, [members, memberUsers, search.matches, search.query]);

  const body = (): GroupPatch => {
    if (!group) {
      const out: GroupPatch = { displayName, members };
      if (description.trim()) out.description = description;
      return out;
    }
    const out: GroupPatch = {};
    if (displayName !== group.displayName) out.displayName = displayName;
    if (description !== (group.description ?? "")) out.description = description.trim() ? description : null;
    if (!sameMembers(members, group.members)) out.members = members;
    return out;
  };

  const save = () => {
    const patch = body();
    // An edit that changes nothing sends nothing.
    if (group && Object.keys(patch).length === 0) return onClose();
    return submit.run(async () => {
      await onSave(patch);
      onClose();
    });
  };

  // A refused member comes back as members.<index>: name the user rather than the index.
  const memberErrors = Object.entries(fieldErrors)
    .filter(([path]) => path === "members" || path.startsWith("members."))
    .map(([path, message]) => {
      const index = Number(path.split(".")[1]);
      const id = Number.isInteger(index) ? members[index] : undefined;
      const user = id ? byId.get(id) : undefined;
      return `${user ? user.userName : (id ?? "members")}: ${message}`;
    });

  return (
    <FormDialog
      title={group ? `Edit group ${group.displayName}` : "New group"}
      onClose={onClose}
      testId="group-form"
      wide
      form
      submit={submit}
      onSubmit={save}
      submitLabel={group ? "Save changes" : "Create group"}
      submitTestId="submit-group"
    >
      <div className="modal-body form-grid">
        <label
          className={`field ${fieldErrors.displayName ? "has-error" : ""}`}
          htmlFor={`${idPrefix}-displayName`}
        >
          <span className="field-label">
            Display name<span className="required"> *</span>
          </span>
          <input
            id={`${idPrefix}-displayName`}
            data-testid="group-field-displayName"
            value={displayName}
            placeholder="Sales"
            onChange={(e) => setDisplayName(e.target.value)}
            aria-invalid={fieldErrors.displayName ? true : undefined}
          />
          {fieldErrors.displayName && (
            <span className="field-error" data-testid="error-displayName">
              {fieldErrors.displayName}
            </span>
          )}
        </label>
        <label
          className={`field ${fieldErrors.description ? "has-error" : ""}`}
          htmlFor={`${idPrefix}-description`}
        >
          <span className="field-label">Description</span>
          <input
            id={`${idPrefix}-description`}
            data-testid="group-field-description"
            value={description}
            placeholder="Everyone who sells"
            onChange={(e) => setDescription(e.target.value)}
          />
          {fieldErrors.description && <span className="field-error">{fieldErrors.description}</span>}
        </label>
        <div className={`field field-wide ${memberErrors.length ? "has-error" : ""}`}>
          <span className="field-label">Members</span>
          <SearchableChecklist
            items={items}
            selected={members}
            onChange={setMembers}
            noun="users"
            testId="group-members"
            search={search}
          />
          {memberErrors.map((message) => (
            <span key={message} className="field-error" data-testid="error-members">
              {message}
            </span>
          ))}
        </div>
      </div>
    </FormDialog>
  );
}
