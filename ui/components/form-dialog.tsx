import type { ReactNode } from "react";
import type { Submit } from "../use-submit";
import { Modal } from "./modal";

/** The form's own error, announced by screen readers as it appears. */
export function FormError({ error, testId = "form-error" }: { error: string | null; testId?: string }) {
  if (!error) return null;
  return (
    <div className="form-error" role="alert" data-testid={testId}>
      {error}
    </div>
  );
}

interface Props {
  title: string;
  testId: string;
  wide?: boolean;
  onClose: () => void;
  /** The dialog's busy state and errors, from useSubmit(). */
  submit: Submit;
  /** What the primary button does. */
  onSubmit: () => void | Promise<void>;
  /**
   * Wraps the body in a <form>, so Enter in a field saves. Off for dialogs whose only text box is a search
   * filter, where Enter would save half-made choices.
   */
  form?: boolean;
  submitLabel: string;
  busyLabel?: string;
  submitTestId: string;
  submitDisabled?: boolean;
  /** Said at the left of the buttons. */
  note?: ReactNode;
  /** The dialog's body, its own .modal-body element. */
  children: ReactNode;
}

/** A modal that saves something: its body, the server's error, and Cancel beside the primary button. */
export function FormDialog(props: Props) {
  const { title, testId, wide, onClose, submit, onSubmit, form = false, children } = props;
  const { submitLabel, busyLabel = "Saving…", submitTestId, submitDisabled = false, note } = props;
  const content = (
    <>
      {children}
      <FormError error={submit.error} />
      <footer className="modal-foot">
        {note}
        <button type="button" className="ghost" onClick={onClose}>
          Cancel
        </button>
        <button
          type={form ? "submit" : "button"}
          className="primary"
          onClick={form ? undefined : () => void onSubmit()}
          disabled={submit.busy || submitDisabled}
          data-testid={submitTestId}
        >
          {submit.busy ? busyLabel : submitLabel}
        </button>
      </footer>
    </>
  );
  return (
    <Modal title={title} onClose={onClose} testId={testId} wide={wide}>
      {form ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void onSubmit();
          }}
          noValidate
        >
          {content}
        </form>
      ) : (
        content
      )}
    </Modal>
  );
}
