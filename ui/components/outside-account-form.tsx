import { type FormEvent, useId, useState } from "react";
import { api, type OutsideAccountInput } from "../api";
import { useSubmit } from "../use-submit";
import { FormError } from "./form-dialog";
import { FormField } from "./form-field";

type Field = keyof OutsideAccountInput;

const FIELDS: Array<{ name: Field; label: string; placeholder: string }> = [
  { name: "userName", label: "User name", placeholder: "grace.hopper@example.com" },
  { name: "givenName", label: "Given name", placeholder: "Grace" },
  { name: "familyName", label: "Family name", placeholder: "Hopper" },
];

const EMPTY: Record<Field, string> = { userName: "", givenName: "", familyName: "" };

interface Props {
  count: number | undefined;
  onAdded: () => void;
}

/**
 * Accounts of other organizations: a Contentstack account is shared by every organization it belongs to, so an
 * IdP's POST of its userName attaches the existing account instead of creating one.
 */
export function OutsideAccountForm({ count, onAdded }: Props) {
  const [draft, setDraft] = useState(EMPTY);
  const [added, setAdded] = useState<string | null>(null);
  const submit = useSubmit({ fieldsOnly: true });
  const idPrefix = useId();

  const add = (event: FormEvent) => {
    event.preventDefault();
    return submit.run(async () => {
      // Blank names are left out: the server takes a name or none, never an empty one.
      const input: OutsideAccountInput = { userName: draft.userName };
      if (draft.givenName.trim()) input.givenName = draft.givenName;
      if (draft.familyName.trim()) input.familyName = draft.familyName;
      const account = await api.addOutsideAccount(input);
      setAdded(`${account.userName} (${account.id})`);
      setDraft(EMPTY);
      onAdded();
    });
  };

  return (
    <form className="outside-accounts" onSubmit={add} noValidate data-testid="outside-accounts">
      <p>
        Accounts outside this organization:{" "}
        <span className="strong" data-testid="outside-count">
          {count ?? 0}
        </span>
        {added && (
          <span className="muted" data-testid="outside-added">
            {" "}
            · added {added}
          </span>
        )}
      </p>
      <div className="outside-grid">
        {FIELDS.map((field) => {
          const id = `${idPrefix}-${field.name}`;
          return (
            <FormField
              key={field.name}
              label={field.label}
              name={`outside-${field.name}`}
              htmlFor={id}
              required={field.name === "userName"}
              error={submit.fieldErrors[field.name]}
            >
              <input
                id={id}
                value={draft[field.name]}
                placeholder={field.placeholder}
                onChange={(e) => {
                  setDraft((d) => ({ ...d, [field.name]: e.target.value }));
                  submit.clearFieldError(field.name);
                }}
                data-testid={`outside-${field.name}`}
              />
            </FormField>
          );
        })}
        <button type="submit" className="small" disabled={submit.busy} data-testid="outside-add">
          {submit.busy ? "Adding…" : "Add account"}
        </button>
      </div>
      <FormError error={submit.error} testId="outside-error" />
    </form>
  );
}
