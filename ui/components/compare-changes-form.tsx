import { useId } from "react";
import type { User } from "../../server/protocol";
import "./compare-changes-form.css";

export const CHANGE_FIELDS = [
  "title",
  "department",
  "givenName",
  "familyName",
  "displayName",
  "email",
  "userName",
  "employeeNumber",
  "phone",
  "locale",
] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];
export type ChangesDraft = Partial<Record<ChangeField, string>>;

interface Props {
  changes: ChangesDraft;
  /** The user before the change, whose values show as placeholders. */
  before: User | null;
  onChange: (changes: ChangesDraft) => void;
}

/** The fields an update changes; a blank field is left as it was. */
export function CompareChangesForm({ changes, before, onChange }: Props) {
  const idPrefix = useId();
  return (
    <fieldset className="compare-changes" data-testid="compare-changes">
      <legend>Change these fields (blank = unchanged)</legend>
      {CHANGE_FIELDS.map((field) => {
        const id = `${idPrefix}-${field}`;
        const value = changes[field] ?? "";
        return (
          <label key={field} className={`field ${value ? "field-set" : ""}`} htmlFor={id}>
            <span className="field-label mono">{field}</span>
            <input
              id={id}
              value={value}
              placeholder={before?.[field] ?? "(not set)"}
              onChange={(e) => onChange({ ...changes, [field]: e.target.value })}
              data-testid={`change-${field}`}
            />
          </label>
        );
      })}
    </fieldset>
  );
}
