import { type ReactNode, useEffect, useRef } from "react";

interface Props {
  title: string;
  onClose: () => void;
  testId?: string;
  wide?: boolean;
  children: ReactNode;
}

/** A native modal <dialog>: focus is trapped by the browser, Escape closes it. Mount it to open it. */
export function Modal({ title, onClose, testId, wide, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener("cancel", onCancel);
    return () => {
      dialog.removeEventListener("cancel", onCancel);
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog ref={ref} className={`modal ${wide ? "modal-wide" : ""}`} data-testid={testId} aria-label={title}>
      <header className="modal-head">
        <h3>{title}</h3>
        <button type="button" className="ghost small" onClick={() => close.current()} aria-label="Close">
          ✕
        </button>
      </header>
      {children}
    </dialog>
  );
}
