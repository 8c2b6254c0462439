import { useId, useState } from "react";
import { api, messageOf, type OrgPresetInfo, type OrgPresetName, type TargetOrgInfo } from "../api";

/** The preset the org runs, as GET /api/target-org lists it. */
export function activePreset(info: TargetOrgInfo | undefined): OrgPresetInfo | undefined {
  return info?.presets?.find((p) => p.name === info.preset);
}

interface Props {
  info: TargetOrgInfo;
  /** After the org took a new preset: its base URL, users, groups and roles are all to be read again. */
  onChanged: () => void;
  onError: (message: string) => void;
}

/** Which SCIM service provider the embedded org plays: a generic RFC 7644 one, or a SaaS-shaped one. */
export function OrgPresetSelect({ info, onChanged, onError }: Props) {
  const [busy, setBusy] = useState(false);
  const summaryId = useId();
  const presets = info.presets ?? [];
  if (presets.length === 0 || info.preset === undefined) return null;
  const summary = activePreset(info)?.summary;

  const choose = async (name: OrgPresetName) => {
    setBusy(true);
    try {
      await api.configureOrg({ preset: name });
      onChanged();
    } catch (err) {
      onError(`Could not switch the org to ${name}: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <label className="org-preset" title={summary}>
      <span className="control-label">Preset</span>
      <select
        value={info.preset}
        disabled={busy}
        onChange={(e) => {
          const next = presets.find((p) => p.name === e.target.value);
          if (next) void choose(next.name);
        }}
        aria-describedby={summary ? summaryId : undefined}
        data-testid="org-preset"
      >
        {presets.map((p) => (
          <option key={p.name} value={p.name} title={p.summary}>
            {p.label}
          </option>
        ))}
      </select>
      {summary && (
        <span id={summaryId} className="sr-only">
          {summary}
        </span>
      )}
    </label>
  );
}
