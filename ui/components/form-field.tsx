import type { ReactNode } from "react";

interface Props {
  label: string;
  /** The server's message for this field, if it refused it. */
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  wide?: boolean;
  /** Names the error for tests: data-testid="error-<name>". */
  name: string;
  /** The id of the control inside, which the label points at. */
  htmlFor: string;
  children: ReactNode;
}

/** A labelled form control with its hint and the server's error beneath it. */
export function FormField({ label, error, hint, required, wide, name, htmlFor, children }: Props) {
  return (
    <label className={`field ${wide ? "field-wide" : ""} ${error ? "has-error" : ""}`} htmlFor={htmlFor}>
      <span className="field-label">
        {label}
        {required && <span className="required"> *</span>}
      </span>
      {children}
      {hint && !error && <span className="field-hint">{hint}</span>}
      {error && (
        <span className="field-error" data-testid={`error-${name}`}>
          {error}
        </span>
      )}
    </label>
  );
}
