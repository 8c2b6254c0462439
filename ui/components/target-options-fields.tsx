import type { Profile, TargetOptions } from "../../server/protocol";
import { optionApplies, useDialectFacts } from "../dialect-facts";
import { FORM_OPTIONS, type FormOption } from "../dialects";
import { FormField } from "./form-field";

/** The options as the form holds them: "" means "the dialect's default" and is not sent. */
export interface OptionsDraft {
  userAgent: string;
  updateMethod: "" | "PUT" | "PATCH";
  matchAttribute: "" | "userName" | "externalId" | "email";
  activeAs: "" | "string" | "boolean";
  softDeleteDays: string;
  template: "" | "v2-enterprise" | "v1-core" | "v1-enterprise";
  passwordSync: boolean;
}

export function optionsDraftOf(options: TargetOptions | undefined): OptionsDraft {
  return {
    userAgent: options?.userAgent ?? "",
    updateMethod: options?.updateMethod ?? "",
    matchAttribute: options?.matchAttribute ?? "",
    activeAs: options?.activeAs ?? "",
    softDeleteDays:
      options?.softDeleteDays === undefined || options.softDeleteDays === null
        ? ""
        : String(options.softDeleteDays),
    template: options?.template ?? "",
    passwordSync: options?.passwordSync === true,
  };
}

/**
 * The options to send: what the target had that this form does not edit, plus the form's options that apply to the
 * chosen profile and differ from the default. A number that does not parse is sent as is, so the server names it.
 */
export function optionsOf(
  draft: OptionsDraft,
  profile: Profile,
  facts: ReturnType<typeof useDialectFacts>,
  previous: TargetOptions = {},
): TargetOptions {
  const out: Record<string, unknown> = { ...previous };
  for (const key of FORM_OPTIONS) delete out[key];
  const set = (key: FormOption, value: unknown) => {
    if (optionApplies(facts, key, profile)) out[key] = value;
  };
  if (draft.userAgent.trim()) set("userAgent", draft.userAgent.trim());
  if (draft.updateMethod) set("updateMethod", draft.updateMethod);
  if (draft.matchAttribute) set("matchAttribute", draft.matchAttribute);
  if (draft.activeAs) set("activeAs", draft.activeAs);
  if (draft.template) set("template", draft.template);
  if (draft.passwordSync) set("passwordSync", true);
  if (draft.softDeleteDays.trim()) {
    const days = Number(draft.softDeleteDays);
    set("softDeleteDays", Number.isFinite(days) ? days : draft.softDeleteDays);
  }
  return out as TargetOptions;
}

interface Props {
  draft: OptionsDraft;
  profile: Profile;
  onChange: (draft: OptionsDraft) => void;
  errors: Record<string, string>;
  idPrefix: string;
}

/** The dialect overrides that apply to the chosen profile; the others are hidden, not merely disabled. */
export function TargetOptionsFields({ draft, profile, onChange, errors, idPrefix }: Props) {
  const facts = useDialectFacts();
  const dialect = facts?.get(profile);
  const applies = (option: FormOption) => optionApplies(facts, option, profile);
  const set = (patch: Partial<OptionsDraft>) => onChange({ ...draft, ...patch });
  const id = (name: FormOption) => `${idPrefix}-opt-${name}`;
  const err = (name: FormOption) => errors[`options.${name}`];
  const defaultLabel = (value: string) => `Default (${value})`;

  return (
    <fieldset className="form-section form-grid" data-testid="target-options">
      <legend>
        Options for <span className="pill">{profile}</span>
        <span className="muted"> · blank means the dialect's default</span>
      </legend>
      <FormField
        label="User-Agent"
        name="options.userAgent"
        htmlFor={id("userAgent")}
        error={err("userAgent")}
        wide
      >
        <input
          id={id("userAgent")}
          className="mono"
          value={draft.userAgent}
          placeholder={dialect?.headers.userAgent}
          onChange={(e) => set({ userAgent: e.target.value })}
          data-testid="target-option-userAgent"
        />
      </FormField>
      <FormField
        label="Update method"
        name="options.updateMethod"
        htmlFor={id("updateMethod")}
        error={err("updateMethod")}
      >
        <select
          id={id("updateMethod")}
          value={draft.updateMethod}
          onChange={(e) => set({ updateMethod: e.target.value as OptionsDraft["updateMethod"] })}
          data-testid="target-option-updateMethod"
        >
          <option value="">{defaultLabel(dialect?.updateMethod ?? "…")}</option>
          <option value="PUT">PUT (full user)</option>
          <option value="PATCH">PATCH (changed attributes)</option>
        </select>
      </FormField>
      <FormField
        label="Match attribute"
        name="options.matchAttribute"
        htmlFor={id("matchAttribute")}
        error={err("matchAttribute")}
      >
        <select
          id={id("matchAttribute")}
          value={draft.matchAttribute}
          onChange={(e) => set({ matchAttribute: e.target.value as OptionsDraft["matchAttribute"] })}
          data-testid="target-option-matchAttribute"
        >
          <option value="">{defaultLabel("userName")}</option>
          <option value="userName">userName</option>
          <option value="externalId">externalId</option>
          <option value="email">email</option>
        </select>
      </FormField>
      {applies("activeAs") && (
        <FormField
          label="active sent as"
          name="options.activeAs"
          htmlFor={id("activeAs")}
          error={err("activeAs")}
        >
          <select
            id={id("activeAs")}
            value={draft.activeAs}
            onChange={(e) => set({ activeAs: e.target.value as OptionsDraft["activeAs"] })}
            data-testid="target-option-activeAs"
          >
            <option value="">{defaultLabel(profile === "entra" ? 'string "False"' : "boolean false")}</option>
            <option value="string">string ("True" / "False")</option>
            <option value="boolean">boolean (true / false)</option>
          </select>
        </FormField>
      )}
      {applies("softDeleteDays") && (
        <FormField
          label="Soft-delete window (days)"
          name="options.softDeleteDays"
          htmlFor={id("softDeleteDays")}
          error={err("softDeleteDays")}
          hint="Days from disable to DELETE after a directory delete."
        >
          <input
            id={id("softDeleteDays")}
            type="number"
            min={0}
            max={3650}
            value={draft.softDeleteDays}
            placeholder="30"
            onChange={(e) => set({ softDeleteDays: e.target.value })}
            data-testid="target-option-softDeleteDays"
          />
        </FormField>
      )}
      {applies("template") && (
        <FormField
          label="SCIM template"
          name="options.template"
          htmlFor={id("template")}
          error={err("template")}
        >
          <select
            id={id("template")}
            value={draft.template}
            onChange={(e) => set({ template: e.target.value as OptionsDraft["template"] })}
            data-testid="target-option-template"
          >
            <option value="">{defaultLabel("v2-enterprise")}</option>
            <option value="v2-enterprise">v2-enterprise (SCIM 2.0 URNs)</option>
            <option value="v1-core">v1-core (SCIM 1.0 core)</option>
            <option value="v1-enterprise">v1-enterprise (1.0 + enterprise)</option>
          </select>
        </FormField>
      )}
      {applies("passwordSync") && (
        <label className="field field-check field-wide" htmlFor={id("passwordSync")}>
          <input
            id={id("passwordSync")}
            type="checkbox"
            role="switch"
            aria-checked={draft.passwordSync}
            checked={draft.passwordSync}
            onChange={(e) => set({ passwordSync: e.target.checked })}
            data-testid="target-option-passwordSync"
          />
          <span>Sync password</span>
          <span className="field-hint">
            Okta's "Sync Password": creates and PUTs carry the user's directory password, and a new one is
            pushed.
          </span>
          {err("passwordSync") && (
            <span className="field-error" data-testid="error-options.passwordSync">
              {err("passwordSync")}
            </span>
          )}
        </label>
      )}
    </fieldset>
  );
}
