import { type FormEvent, useState } from "react";
import {
  api,
  FAULT_METHODS,
  FAULT_STATUSES,
  type FaultInput,
  type FaultMethod,
  type FaultStatus,
} from "../api";
import { useSubmit } from "../use-submit";
import { FormError } from "./form-dialog";
import { FormField } from "./form-field";
import "./fault-form.css";

type Limit = "count" | "rate" | "always";

interface Draft {
  status: "" | `${FaultStatus}`;
  retryAfterSeconds: string;
  latencyMs: string;
  hang: boolean;
  drop: boolean;
  limit: Limit;
  count: string;
  rate: string;
  method: "" | FaultMethod;
  path: string;
}

const EMPTY: Draft = {
  status: "503",
  retryAfterSeconds: "",
  latencyMs: "",
  hang: false,
  drop: false,
  limit: "count",
  count: "1",
  rate: "0.5",
  method: "",
  path: "",
};

const STATUS_HINTS: Record<FaultStatus, string> = {
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
  401: "Unauthorized",
  409: "Conflict",
};

/** Numbers are sent as typed, so the server, not the form, decides what is valid and says why. */
function num(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

function toInput(d: Draft): FaultInput {
  const input: FaultInput = {};
  if (d.status) input.status = Number(d.status) as FaultStatus;
  if (d.status === "429" && num(d.retryAfterSeconds) !== undefined)
    input.retryAfterSeconds = num(d.retryAfterSeconds);
  if (num(d.latencyMs) !== undefined) input.latencyMs = num(d.latencyMs);
  if (d.hang) input.hang = true;
  if (d.drop) input.drop = true;
  if (d.limit === "count") input.count = num(d.count);
  if (d.limit === "rate") input.rate = num(d.rate);
  if (d.method) input.method = d.method;
  if (d.path.trim()) input.path = d.path.trim();
  return input;
}

/** Adds one fault to the embedded org: what goes wrong, for how many requests, and which ones. */
export function FaultForm({ onAdded }: { onAdded: () => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  // The grid is compact: a refused field's message sits under it, with no summary repeating it above the button.
  const submit = useSubmit({ fieldsOnly: true });
  const errors = submit.fieldErrors;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const add = (event: FormEvent) => {
    event.preventDefault();
    return submit.run(async () => {
      await api.addFault(toInput(draft));
      onAdded();
    });
  };

  return (
    <form className="fault-form" onSubmit={add} data-testid="fault-form" noValidate>
      <div className="fault-grid">
        <FormField label="Status" name="status" htmlFor="fault-status" error={errors.status}>
          <select
            id="fault-status"
            value={draft.status}
            onChange={(e) => set("status", e.target.value as Draft["status"])}
            data-testid="fault-status"
          >
            <option value="">none</option>
            {FAULT_STATUSES.map((s) => (
              <option key={s} value={String(s)}>
                {s} {STATUS_HINTS[s]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          label="Retry-After (s)"
          name="retryAfterSeconds"
          htmlFor="fault-retry-after"
          error={errors.retryAfterSeconds}
          hint={draft.status === "429" ? undefined : "429 only"}
        >
          <input
            id="fault-retry-after"
            type="number"
            min="0"
            value={draft.retryAfterSeconds}
            disabled={draft.status !== "429"}
            onChange={(e) => set("retryAfterSeconds", e.target.value)}
            data-testid="fault-retry-after"
          />
        </FormField>
        <FormField label="Latency (ms)" name="latencyMs" htmlFor="fault-latency" error={errors.latencyMs}>
          <input
            id="fault-latency"
            type="number"
            min="0"
            value={draft.latencyMs}
            onChange={(e) => set("latencyMs", e.target.value)}
            data-testid="fault-latency"
          />
        </FormField>
        <FormField label="Method" name="method" htmlFor="fault-method" error={errors.method}>
          <select
            id="fault-method"
            value={draft.method}
            onChange={(e) => set("method", e.target.value as Draft["method"])}
            data-testid="fault-method"
          >
            <option value="">any</option>
            {FAULT_METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="Path prefix" name="path" htmlFor="fault-path" error={errors.path}>
          <input
            id="fault-path"
            type="text"
            placeholder="/Users"
            value={draft.path}
            onChange={(e) => set("path", e.target.value)}
            data-testid="fault-path"
          />
        </FormField>
        <fieldset className="fault-limit field">
          <legend className="field-label">Applies to</legend>
          <div className="fault-limit-row">
            <div className="segmented">
              {(["count", "rate", "always"] as const).map((limit) => (
                <button
                  key={limit}
                  type="button"
                  aria-pressed={draft.limit === limit}
                  className={draft.limit === limit ? "selected" : ""}
                  onClick={() => set("limit", limit)}
                  data-testid={`fault-limit-${limit}`}
                >
                  {limit === "count" ? "next N" : limit === "rate" ? "a rate" : "every"}
                </button>
              ))}
            </div>
            {draft.limit === "count" && (
              <input
                type="number"
                min="1"
                aria-label="Count"
                value={draft.count}
                onChange={(e) => set("count", e.target.value)}
                data-testid="fault-count"
              />
            )}
            {draft.limit === "rate" && (
              <input
                type="number"
                min="0"
                max="1"
                step="0.05"
                aria-label="Rate"
                value={draft.rate}
                onChange={(e) => set("rate", e.target.value)}
                data-testid="fault-rate"
              />
            )}
          </div>
          {(errors.count || errors.rate) && (
            <span className="field-error" data-testid={errors.count ? "error-count" : "error-rate"}>
              {errors.count ?? errors.rate}
            </span>
          )}
        </fieldset>
        <div className="fault-checks">
          <label className="control-check">
            <input
              type="checkbox"
              checked={draft.hang}
              onChange={(e) => set("hang", e.target.checked)}
              data-testid="fault-hang"
            />
            hang <span className="muted">(never answer)</span>
          </label>
          <label className="control-check">
            <input
              type="checkbox"
              checked={draft.drop}
              onChange={(e) => set("drop", e.target.checked)}
              data-testid="fault-drop"
            />
            drop <span className="muted">(reset the connection)</span>
          </label>
        </div>
      </div>
      <FormError error={submit.error} testId="fault-form-error" />
      <div className="fault-form-foot">
        <button type="submit" className="primary small" disabled={submit.busy} data-testid="add-fault">
          {submit.busy ? "Adding…" : "+ Add fault"}
        </button>
      </div>
    </form>
  );
}
