import { type ReactNode, useId, useMemo, useState } from "react";
import type { User, UserPatch } from "../api";
import { fullName } from "../format";
import { useUserSearch, useUsersById } from "../use-directory-lookup";
import { useSubmit } from "../use-submit";
import { FormDialog } from "./form-dialog";
import { UserSearchInput } from "./user-search-input";

type TextField =
  | "userName"
  | "givenName"
  | "familyName"
  | "displayName"
  | "email"
  | "title"
  | "department"
  | "employeeNumber"
  | "managerId"
  | "phone"
  | "locale";

interface FieldSpec {
  name: Exclude<TextField, "managerId">;
  label: string;
  required?: boolean;
  type?: "text" | "email" | "tel";
  placeholder?: string;
  wide?: boolean;
}

const FIELDS: FieldSpec[] = [
  {
    name: "userName",
    label: "User name",
    required: true,
    placeholder: "ada.lovelace@example.com",
    wide: true,
  },
  { name: "givenName", label: "Given name", required: true, placeholder: "Ada" },
  { name: "familyName", label: "Family name", required: true, placeholder: "Lovelace" },
  { name: "displayName", label: "Display name", placeholder: "Ada Lovelace" },
  { name: "email", label: "Email", type: "email", placeholder: "ada.lovelace@example.com" },
  { name: "title", label: "Title", placeholder: "Analyst" },
  { name: "department", label: "Department", placeholder: "Engineering" },
  { name: "employeeNumber", label: "Employee number", placeholder: "1042" },
  { name: "phone", label: "Phone", type: "tel", placeholder: "+1 555 0100" },
  { name: "locale", label: "Locale", placeholder: "en-US" },
];

const TEXT_FIELDS: TextField[] = [...FIELDS.map((f) => f.name), "managerId"];

/** The password is write-only: the form starts it blank, and blank means "keep" unless clearing is ticked. */
type Draft = Record<TextField, string> & { active: boolean; password: string; clearPassword: boolean };

function draftOf(user: User | null): Draft {
  const draft = { active: user?.active ?? true, password: "", clearPassword: false } as Draft;
  for (const name of TEXT_FIELDS) draft[name] = user?.[name] ?? "";
  return draft;
}

/** On create: every filled-in field. On edit: only what changed, where "" clears an optional field. */
function bodyOf(draft: Draft, user: User | null): UserPatch {
  const body: UserPatch = {};
  const set = body as Record<string, string | boolean | null>;
  for (const name of TEXT_FIELDS) {
    const value = draft[name];
    if (user === null ? value !== "" : value !== (user[name] ?? "")) set[name] = value;
  }
  if (user === null ? !draft.active : draft.active !== user.active) body.active = draft.active;
  if (draft.password !== "") body.password = draft.password;
  else if (draft.clearPassword && user?.passwordSet) body.password = null;
  return body;
}

interface Props {
  /** The user to edit, or null to create one. */
  user: User | null;
  onSave: (body: UserPatch) => Promise<void>;
  onClose: () => void;
}

export function UserFormDialog({ user, onSave, onClose }: Props) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(user));
  // The directory may hold 100k people: the manager list is the server's matches for a search, and the manager
  // chosen now is read by id, so it is always an option.
  const search = useUserSearch();
  const chosen = useUsersById(draft.managerId ? [draft.managerId] : []);
  const submit = useSubmit();
  const { fieldErrors } = submit;
  const idPrefix = useId();

  const managers = useMemo(() => {
    const current = draft.managerId ? chosen.get(draft.managerId) : undefined;
    const others = search.matches.filter((u) => u.id !== user?.id && u.id !== current?.id);
    return current ? [current, ...others] : others;
  }, [search.matches, chosen, draft.managerId, user]);

  const update = (name: TextField | "password", value: string) => {
    setDraft((d) => ({ ...d, [name]: value }));
    submit.clearFieldError(name);
  };

  const save = () => {
    const body = bodyOf(draft, user);
    // An edit that changes nothing sends nothing.
    if (user && Object.keys(body).length === 0) return onClose();
    return submit.run(async () => {
      await onSave(body);
      onClose();
    });
  };

  const fieldId = (name: string) => `${idPrefix}-${name}`;
  const errorFor = (name: string) =>
    fieldErrors[name] ? (
      <span className="field-error" data-testid={`error-${name}`} id={`${fieldId(name)}-error`}>
        {fieldErrors[name]}
      </span>
    ) : null;

  return (
    <FormDialog
      title={user ? `Edit ${user.userName}` : "New user"}
      onClose={onClose}
      testId="user-form"
      wide
      form
      submit={submit}
      onSubmit={save}
      submitLabel={user ? "Save changes" : "Create user"}
      submitTestId="submit-user"
    >
      <div className="modal-body form-grid">
        {FIELDS.map((field) => (
          <label
            key={field.name}
            className={`field ${field.wide ? "field-wide" : ""} ${fieldErrors[field.name] ? "has-error" : ""}`}
            htmlFor={fieldId(field.name)}
          >
            <span className="field-label">
              {field.label}
              {field.required && <span className="required"> *</span>}
            </span>
            <input
              id={fieldId(field.name)}
              name={field.name}
              data-testid={`field-${field.name}`}
              type={field.type ?? "text"}
              value={draft[field.name]}
              placeholder={field.placeholder}
              required={field.required}
              aria-invalid={fieldErrors[field.name] ? true : undefined}
              aria-describedby={fieldErrors[field.name] ? `${fieldId(field.name)}-error` : undefined}
              onChange={(e) => update(field.name, e.target.value)}
            />
            {errorFor(field.name)}
          </label>
        ))}
        <label className={`field ${fieldErrors.managerId ? "has-error" : ""}`} htmlFor={fieldId("managerId")}>
          <span className="field-label">Manager</span>
          <UserSearchInput search={search} label="Find a manager" testId="manager-search" />
          <select
            id={fieldId("managerId")}
            name="managerId"
            data-testid="field-managerId"
            value={draft.managerId}
            onChange={(e) => update("managerId", e.target.value)}
          >
            <option value="">— none —</option>
            {managers.map((m) => (
              <option key={m.id} value={m.id}>
                {fullName(m)} ({m.userName})
              </option>
            ))}
            {draft.managerId && !managers.some((m) => m.id === draft.managerId) && (
              <option value={draft.managerId}>User {draft.managerId}</option>
            )}
          </select>
          {errorFor("managerId")}
        </label>
        <label className={`field ${fieldErrors.password ? "has-error" : ""}`} htmlFor={fieldId("password")}>
          <span className="field-label">Password</span>
          <input
            id={fieldId("password")}
            name="password"
            data-testid="field-password"
            type="password"
            autoComplete="new-password"
            value={draft.password}
            disabled={draft.clearPassword}
            placeholder={user?.passwordSet ? "leave blank to keep" : "none"}
            aria-invalid={fieldErrors.password ? true : undefined}
            aria-describedby={fieldErrors.password ? `${fieldId("password")}-error` : undefined}
            onChange={(e) => update("password", e.target.value)}
          />
          {!fieldErrors.password && (
            <span className="field-hint">
              {user?.passwordSet
                ? "Set; leave blank to keep it."
                : "Write-only; sent to targets that sync it."}
            </span>
          )}
          {errorFor("password")}
        </label>
        {user?.passwordSet && (
          <CheckField
            id={fieldId("clearPassword")}
            name="clearPassword"
            label="Clear password"
            checked={draft.clearPassword}
            onChange={(on) => setDraft((d) => ({ ...d, clearPassword: on, password: "" }))}
          />
        )}
        <CheckField
          id={fieldId("active")}
          name="active"
          label="Active"
          checked={draft.active}
          onChange={(on) => setDraft((d) => ({ ...d, active: on }))}
        >
          {errorFor("active")}
        </CheckField>
      </div>
    </FormDialog>
  );
}

function CheckField(props: {
  id: string;
  name: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children?: ReactNode;
}) {
  return (
    <label className="field field-check" htmlFor={props.id}>
      <input
        id={props.id}
        name={props.name}
        data-testid={`field-${props.name}`}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}
