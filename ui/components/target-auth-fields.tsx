import type { TargetAuth } from "../../server/protocol";
import { FormField } from "./form-field";

export interface AuthDraft {
  type: TargetAuth["type"];
  token: string;
  username: string;
  password: string;
  name: string;
  value: string;
}

export function authDraftOf(auth: TargetAuth | undefined): AuthDraft {
  const draft: AuthDraft = {
    type: "bearer",
    token: "",
    username: "",
    password: "",
    name: "X-API-Key",
    value: "",
  };
  if (!auth) return draft;
  switch (auth.type) {
    case "bearer":
      return { ...draft, type: "bearer", token: auth.token };
    case "basic":
      return { ...draft, type: "basic", username: auth.username, password: auth.password };
    case "header":
      return { ...draft, type: "header", name: auth.name, value: auth.value };
    case "none":
      return { ...draft, type: "none" };
  }
}

export function authOf(draft: AuthDraft): TargetAuth {
  switch (draft.type) {
    case "bearer":
      return { type: "bearer", token: draft.token };
    case "basic":
      return { type: "basic", username: draft.username, password: draft.password };
    case "header":
      return { type: "header", name: draft.name, value: draft.value };
    case "none":
      return { type: "none" };
  }
}

interface Props {
  draft: AuthDraft;
  onChange: (draft: AuthDraft) => void;
  errors: Record<string, string>;
  idPrefix: string;
  disabled?: boolean;
}

const MASKED_HINT = "Shown masked; leave it as is to keep the stored secret.";

/** Bearer token, basic username and password, or a custom header: the credentials a target is sent. */
export function TargetAuthFields({ draft, onChange, errors, idPrefix, disabled }: Props) {
  const set = (patch: Partial<AuthDraft>) => onChange({ ...draft, ...patch });
  const id = (name: string) => `${idPrefix}-auth-${name}`;
  const masked = (value: string) => (value.startsWith("••••") ? MASKED_HINT : undefined);
  const error = (name: string) => errors[`auth.${name}`];

  return (
    <>
      <FormField label="Authentication" name="auth" htmlFor={id("type")} error={errors.auth}>
        <select
          id={id("type")}
          value={draft.type}
          disabled={disabled}
          onChange={(e) => set({ type: e.target.value as AuthDraft["type"] })}
          data-testid="target-field-authType"
        >
          <option value="bearer">Bearer token</option>
          <option value="basic">Basic (username and password)</option>
          <option value="header">Custom header</option>
          <option value="none">None (the server takes no credentials)</option>
        </select>
      </FormField>
      {draft.type === "bearer" && (
        <FormField
          label="Token"
          name="auth.token"
          htmlFor={id("token")}
          error={error("token")}
          hint={masked(draft.token)}
          required
        >
          <input
            id={id("token")}
            className="mono"
            value={draft.token}
            disabled={disabled}
            autoComplete="off"
            onChange={(e) => set({ token: e.target.value })}
            data-testid="target-field-token"
          />
        </FormField>
      )}
      {draft.type === "basic" && (
        <>
          <FormField
            label="Username"
            name="auth.username"
            htmlFor={id("username")}
            error={error("username")}
            required
          >
            <input
              id={id("username")}
              value={draft.username}
              disabled={disabled}
              autoComplete="off"
              onChange={(e) => set({ username: e.target.value })}
              data-testid="target-field-username"
            />
          </FormField>
          <FormField
            label="Password"
            name="auth.password"
            htmlFor={id("password")}
            error={error("password")}
            hint={masked(draft.password)}
            required
          >
            <input
              id={id("password")}
              className="mono"
              value={draft.password}
              disabled={disabled}
              autoComplete="off"
              onChange={(e) => set({ password: e.target.value })}
              data-testid="target-field-password"
            />
          </FormField>
        </>
      )}
      {draft.type === "header" && (
        <>
          <FormField label="Header name" name="auth.name" htmlFor={id("name")} error={error("name")} required>
            <input
              id={id("name")}
              className="mono"
              value={draft.name}
              disabled={disabled}
              placeholder="X-API-Key"
              onChange={(e) => set({ name: e.target.value })}
              data-testid="target-field-headerName"
            />
          </FormField>
          <FormField
            label="Header value"
            name="auth.value"
            htmlFor={id("value")}
            error={error("value")}
            hint={masked(draft.value)}
            required
          >
            <input
              id={id("value")}
              className="mono"
              value={draft.value}
              disabled={disabled}
              autoComplete="off"
              onChange={(e) => set({ value: e.target.value })}
              data-testid="target-field-headerValue"
            />
          </FormField>
        </>
      )}
    </>
  );
}
