import { useEffect, useState } from "react";
import { ApiRequestError, api, ORG_ROLES, type RoleMappingRow, STACK_ROLES } from "../api";
import {
  mappingOf,
  type RowDraft,
  rowDraft,
  sameMapping,
  stackDraft,
  stackError,
  stackProblems,
} from "../role-mapping-draft";
import { useSubmit } from "../use-submit";
import { FormError } from "./form-dialog";

interface Props {
  /** The mapping the org has now. */
  mapping: RoleMappingRow[];
  onSaved: () => void;
}

const fieldError = (message: string | undefined, testId: string) =>
  message ? (
    <span className="field-error" data-testid={`error-${testId}`}>
      {message}
    </span>
  ) : null;

/**
 * Contentstack's Group Mapping, edited as a table: which organization role and which stack roles the members of a
 * pushed group get. Nothing is sent until Save, so a half-made row never reaches the org.
 */
export function RoleMappingTable({ mapping, onSaved }: Props) {
  const [rows, setRows] = useState<RowDraft[]>(() => mapping.map((row) => rowDraft(row)));
  // The mapping the draft started from: while the draft is untouched it follows the org's changes.
  const [base, setBase] = useState(mapping);
  const submit = useSubmit({ fieldsOnly: true });
  const { fieldErrors } = submit;
  const dirty = !sameMapping(mappingOf(rows), base);

  useEffect(() => {
    if (dirty || sameMapping(mapping, base)) return;
    setRows(mapping.map((row) => rowDraft(row)));
    setBase(mapping);
  }, [mapping, base, dirty]);

  const edit = (index: number, change: (row: RowDraft) => RowDraft, errorPath?: string) => {
    setRows((current) => current.map((row, at) => (at === index ? change(row) : row)));
    if (errorPath) submit.clearFieldError(errorPath);
  };

  // Errors name rows by position: once a row goes, they point at the wrong ones.
  const clearAllErrors = () => {
    for (const path of Object.keys(fieldErrors)) submit.clearFieldError(path);
  };

  const save = () =>
    submit.run(async () => {
      const problems = stackProblems(rows);
      if (problems.length > 0) throw new ApiRequestError("Some stack roles are incomplete", 400, problems);
      const info = await api.configureOrg({ roleMapping: mappingOf(rows) });
      const saved = info.roleMapping ?? [];
      setRows(saved.map((row) => rowDraft(row)));
      setBase(saved);
      onSaved();
    });

  const revert = () => {
    setRows(base.map((row) => rowDraft(row)));
    clearAllErrors();
  };

  return (
    <div className="role-mapping" data-testid="role-mapping" data-dirty={dirty}>
      {rows.length === 0 ? (
        <p className="muted">No group is mapped: every member of the org is a plain member.</p>
      ) : (
        <table className="table mapping-table">
          <thead>
            <tr>
              <th>Group</th>
              <th>Org role</th>
              <th>Stack roles</th>
              <th aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const at = `roleMapping.${index}`;
              return (
                <tr key={row.key} data-testid="role-mapping-row" data-group={row.group}>
                  <td className={fieldErrors[`${at}.group`] ? "has-error" : ""}>
                    <input
                      className="mapping-group-input"
                      value={row.group}
                      placeholder="Engineering"
                      aria-label={`Group of row ${index + 1}`}
                      onChange={(e) => edit(index, (r) => ({ ...r, group: e.target.value }), `${at}.group`)}
                      data-testid="mapping-group"
                    />
                    {fieldError(fieldErrors[`${at}.group`], `${at}.group`)}
                  </td>
                  <td className={fieldErrors[`${at}.orgRole`] ? "has-error" : ""}>
                    <select
                      value={row.orgRole}
                      aria-label={`Org role of row ${index + 1}`}
                      onChange={(e) => {
                        const orgRole = ORG_ROLES.find((r) => r === e.target.value);
                        if (orgRole) edit(index, (r) => ({ ...r, orgRole }), `${at}.orgRole`);
                      }}
                      data-testid="mapping-org-role"
                    >
                      {ORG_ROLES.map((role) => (
                        <option key={role}>{role}</option>
                      ))}
                    </select>
                    {fieldError(fieldErrors[`${at}.orgRole`], `${at}.orgRole`)}
                  </td>
                  <td>
                    <StackCells
                      row={row}
                      index={index}
                      onChange={(change) => {
                        edit(index, change);
                        clearAllErrors();
                      }}
                    />
                    {fieldError(stackError(fieldErrors, index), `${at}.stacks`)}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="small danger-ghost"
                      aria-label={`Remove row ${index + 1}`}
                      title="Remove this row"
                      onClick={() => {
                        setRows((current) => current.filter((_, i) => i !== index));
                        clearAllErrors();
                      }}
                      data-testid="mapping-remove-row"
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {fieldError(fieldErrors.roleMapping, "roleMapping")}
      <FormError error={submit.error} testId="role-mapping-error" />
      <div className="mapping-actions">
        <button
          type="button"
          className="small"
          onClick={() => setRows((current) => [...current, rowDraft()])}
          data-testid="mapping-add-row"
        >
          + Add row
        </button>
        <span className="muted mapping-state" data-testid="mapping-state">
          {dirty ? "unsaved changes" : "saved"}
        </span>
        <button type="button" className="ghost small" onClick={revert} disabled={!dirty || submit.busy}>
          Revert
        </button>
        <button
          type="button"
          className="primary small"
          onClick={() => void save()}
          disabled={!dirty || submit.busy}
          data-testid="mapping-save"
        >
          {submit.busy ? "Saving…" : "Save mapping"}
        </button>
      </div>
    </div>
  );
}

interface StackProps {
  row: RowDraft;
  index: number;
  onChange: (change: (row: RowDraft) => RowDraft) => void;
}

/** One row's stack roles: a stack name and its role each, any number of them. */
function StackCells({ row, index, onChange }: StackProps) {
  const setStack = (key: number, patch: Partial<RowDraft["stacks"][number]>) =>
    onChange((r) => ({ ...r, stacks: r.stacks.map((s) => (s.key === key ? { ...s, ...patch } : s)) }));
  return (
    <div className="mapping-stacks">
      {row.stacks.map((s) => (
        <div key={s.key} className="mapping-stack" data-testid="mapping-stack">
          <input
            value={s.stack}
            placeholder="Website"
            aria-label={`Stack name in row ${index + 1}`}
            onChange={(e) => setStack(s.key, { stack: e.target.value })}
            data-testid="mapping-stack-name"
          />
          <select
            value={s.role}
            aria-label={`Stack role in row ${index + 1}`}
            onChange={(e) => {
              const role = STACK_ROLES.find((r) => r === e.target.value);
              if (role) setStack(s.key, { role });
            }}
            data-testid="mapping-stack-role"
          >
            {STACK_ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
          <button
            type="button"
            className="ghost small"
            aria-label={`Remove stack ${s.stack || "role"}`}
            onClick={() => onChange((r) => ({ ...r, stacks: r.stacks.filter((x) => x.key !== s.key) }))}
            data-testid="mapping-remove-stack"
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        className="ghost small mapping-add-stack"
        onClick={() => onChange((r) => ({ ...r, stacks: [...r.stacks, stackDraft()] }))}
        data-testid="mapping-add-stack"
      >
        + stack role
      </button>
    </div>
  );
}
