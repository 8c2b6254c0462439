import { useId, useState } from "react";
import {
  DEPROVISION_ACTIONS,
  type DeprovisionAction,
  MODES,
  type Mode,
  PROFILES,
  type Profile,
  type Scope,
  type TargetView,
} from "../../server/protocol";
import { api, messageOf, type TargetInput, type TargetPatch } from "../api";
import { useDialectFacts } from "../dialect-facts";
import { DIALECTS } from "../dialects";
import { formatRun } from "../format";
import { useSubmit } from "../use-submit";
import { FormDialog } from "./form-dialog";
import { FormField } from "./form-field";
import { type AuthDraft, authDraftOf, authOf, TargetAuthFields } from "./target-auth-fields";
import { type OptionsDraft, optionsDraftOf, optionsOf, TargetOptionsFields } from "./target-options-fields";

interface Draft {
  name: string;
  baseUrl: string;
  auth: AuthDraft;
  profile: Profile;
  mode: Mode;
  schedule: string;
  deprovision: DeprovisionAction;
  scope: Scope;
  options: OptionsDraft;
}

function draftOf(target: TargetView | null): Draft {
  return {
    name: target?.name ?? "",
    baseUrl: target?.baseUrl ?? "",
    auth: authDraftOf(target?.auth),
    profile: target?.profile ?? "rfc",
    mode: target?.mode ?? "on-edit",
    schedule: target?.schedule ?? "",
    deprovision: target?.deprovision ?? "deactivate",
    scope: target?.scope ?? "all",
    options: optionsDraftOf(target?.options),
  };
}

const MODE_LABELS: Record<Mode, string> = {
  "on-edit": "on-edit · push each change",
  schedule: "schedule · cron cycles",
  manual: "manual · Sync now / on demand",
};

const DEPROVISION_LABELS: Record<DeprovisionAction, string> = {
  deactivate: "deactivate (active: false)",
  delete: "delete (DELETE /Users/{id})",
  none: "none (leave the account)",
};

interface Props {
  /** The target to edit, or null to add one. */
  target: TargetView | null;
  onSaved: () => void;
  onClose: () => void;
}

/** Add or edit a target: where it points, its credentials, which IdP it speaks as, when and what it pushes. */
export function TargetFormDialog({ target, onSaved, onClose }: Props) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(target));
  const submit = useSubmit();
  const facts = useDialectFacts();
  const { fieldErrors } = submit;
  const idPrefix = useId();
  const id = (name: string) => `${idPrefix}-${name}`;
  const embedded = target?.embedded ?? false;

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  // A new target starts with its IdP's habits (Entra on a 40-minute schedule); an existing one keeps its own.
  const setProfile = (profile: Profile) => {
    if (target) return set({ profile });
    const defaults = facts?.get(profile)?.defaults;
    set({ profile, ...(defaults ? { mode: defaults.mode, schedule: defaults.schedule ?? "" } : {}) });
  };

  const fillEmbedded = async () => {
    try {
      const org = await api.targetOrg();
      set({ baseUrl: org.baseUrl, auth: { ...draft.auth, type: "bearer", token: org.token } });
    } catch (err) {
      submit.setError(`Could not read the embedded org: ${messageOf(err)}`);
    }
  };

  const body = (): TargetInput => ({
    name: draft.name,
    baseUrl: draft.baseUrl,
    auth: authOf(draft.auth),
    profile: draft.profile,
    mode: draft.mode,
    schedule: draft.mode === "schedule" ? draft.schedule : draft.schedule.trim() ? draft.schedule : null,
    deprovision: draft.deprovision,
    scope: draft.scope,
    options: optionsOf(draft.options, draft.profile, facts, target?.options),
  });

  const save = () =>
    submit.run(async () => {
      const input = body();
      if (target) {
        // The embedded target's address and token follow the org; they are not the form's to change.
        const { baseUrl: _baseUrl, auth: _auth, ...rest } = input;
        const patch: TargetPatch = embedded ? rest : input;
        await api.updateTarget(target.id, patch);
      } else await api.createTarget(input);
      onSaved();
      onClose();
    });

  const scheduleUnchanged = target?.mode === "schedule" && target.schedule === draft.schedule;

  return (
    <FormDialog
      title={target ? `Edit ${target.name}` : "Add a target"}
      onClose={onClose}
      testId="target-form"
      wide
      form
      submit={submit}
      onSubmit={save}
      submitLabel={target ? "Save changes" : "Add target"}
      submitTestId="submit-target"
    >
      <div className="modal-body form-grid">
        <FormField label="Name" name="name" htmlFor={id("name")} error={fieldErrors.name} required>
          <input
            id={id("name")}
            value={draft.name}
            placeholder="Acme CRM"
            onChange={(e) => set({ name: e.target.value })}
            data-testid="target-field-name"
          />
        </FormField>
        <FormField
          label="Profile (speaks as)"
          name="profile"
          htmlFor={id("profile")}
          error={fieldErrors.profile}
        >
          <select
            id={id("profile")}
            value={draft.profile}
            onChange={(e) => setProfile(e.target.value as Profile)}
            data-testid="target-field-profile"
          >
            {PROFILES.map((p) => (
              <option key={p} value={p}>
                {p} · {DIALECTS[p].label}
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          label="SCIM base URL"
          name="baseUrl"
          htmlFor={id("baseUrl")}
          error={fieldErrors.baseUrl}
          hint={embedded ? "Follows the embedded org." : undefined}
          required
          wide
        >
          <div className="input-with-button">
            <input
              id={id("baseUrl")}
              className="mono"
              value={draft.baseUrl}
              disabled={embedded}
              placeholder="https://app.example.com/scim/v2"
              onChange={(e) => set({ baseUrl: e.target.value })}
              data-testid="target-field-baseUrl"
            />
            {!embedded && (
              <button type="button" className="small" onClick={fillEmbedded} data-testid="fill-embedded">
                Use embedded org
              </button>
            )}
          </div>
        </FormField>
        <TargetAuthFields
          draft={draft.auth}
          onChange={(auth) => set({ auth })}
          errors={fieldErrors}
          idPrefix={idPrefix}
          disabled={embedded}
        />
        <FormField label="Mode" name="mode" htmlFor={id("mode")} error={fieldErrors.mode}>
          <select
            id={id("mode")}
            value={draft.mode}
            onChange={(e) => set({ mode: e.target.value as Mode })}
            data-testid="target-field-mode"
          >
            {MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </FormField>
        {draft.mode === "schedule" ? (
          <FormField
            label="Schedule (cron)"
            name="schedule"
            htmlFor={id("schedule")}
            error={fieldErrors.schedule}
            required
            hint={
              scheduleUnchanged && target && target.nextRuns.length > 0 ? (
                <span data-testid="target-form-next-runs">
                  Next: {target.nextRuns.map((run) => formatRun(run)).join(" · ")}
                </span>
              ) : (
                "5 or 6 fields, seconds allowed: */40 * * * * is Entra's rhythm"
              )
            }
          >
            <input
              id={id("schedule")}
              className="mono"
              value={draft.schedule}
              placeholder="*/40 * * * *"
              onChange={(e) => set({ schedule: e.target.value })}
              data-testid="target-field-schedule"
            />
          </FormField>
        ) : (
          <div />
        )}
        <FormField
          label="Directory delete becomes"
          name="deprovision"
          htmlFor={id("deprovision")}
          error={fieldErrors.deprovision}
        >
          <select
            id={id("deprovision")}
            value={draft.deprovision}
            onChange={(e) => set({ deprovision: e.target.value as DeprovisionAction })}
            data-testid="target-field-deprovision"
          >
            {DEPROVISION_ACTIONS.map((d) => (
              <option key={d} value={d}>
                {DEPROVISION_LABELS[d]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          label="Scope"
          name="scope"
          htmlFor={id("scope")}
          error={fieldErrors.scope}
          hint={
            draft.scope === "assigned" ? "Pick users and groups with Assignments on the card." : undefined
          }
        >
          <select
            id={id("scope")}
            value={draft.scope}
            onChange={(e) => set({ scope: e.target.value as Scope })}
            data-testid="target-field-scope"
          >
            <option value="all">all users and groups</option>
            <option value="assigned">only assigned users and groups</option>
          </select>
        </FormField>
        <div className="field-wide">
          <TargetOptionsFields
            draft={draft.options}
            profile={draft.profile}
            onChange={(options) => set({ options })}
            errors={fieldErrors}
            idPrefix={idPrefix}
          />
        </div>
      </div>
    </FormDialog>
  );
}
