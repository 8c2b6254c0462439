import { useCallback, useState } from "react";
import { ApiRequestError, messageOf } from "./api";

export interface Submit {
  busy: boolean;
  /** The form's own error, shown once above the buttons. */
  error: string | null;
  /** The server's message for each field it refused, keyed by path, for showing beside the field. */
  fieldErrors: Record<string, string>;
  setError: (message: string | null) => void;
  /** Forgets one field's error, so the message goes as soon as the field is edited. */
  clearFieldError: (name: string) => void;
  /** Runs the save; the previous errors go, and a failure leaves the form open with the new ones. */
  run: (action: () => Promise<void>) => Promise<void>;
}

interface Options {
  /**
   * When the server names the fields it refused, show only their messages and not its summary as well: a
   * compact form has no room for both. A message about the body as a whole is still the form's error.
   */
  fieldsOnly?: boolean;
}

/** The state every form shares while it talks to the control API: busy, its error and each field's error. */
export function useSubmit({ fieldsOnly = false }: Options = {}): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const clearFieldError = useCallback((name: string) => {
    setFieldErrors((errors) => {
      if (!(name in errors)) return errors;
      const { [name]: _cleared, ...rest } = errors;
      return rest;
    });
  }, []);

  const run = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      setError(null);
      setFieldErrors({});
      try {
        await action();
      } catch (err) {
        const fields = err instanceof ApiRequestError ? err.fieldErrors() : {};
        setFieldErrors(fields);
        const placed = fieldsOnly && err instanceof ApiRequestError && err.details.length > 0;
        setError(placed ? (fields["(body)"] ?? null) : messageOf(err));
      } finally {
        // A dialog that saved has closed by now, in the same render; a form that stays open is ready again.
        setBusy(false);
      }
    },
    [fieldsOnly],
  );

  return { busy, error, fieldErrors, setError, clearFieldError, run };
}
