import "./toast-stack.css";

export interface Toast {
  id: number;
  kind: "error" | "info";
  message: string;
}

interface Props {
  toasts: Toast[];
  onDismiss: (id: number) => void;
}

/** Messages about actions that have no form to show them in (delete, deactivate, sync). */
export function ToastStack({ toasts, onDismiss }: Props) {
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} data-testid="toast" role="status">
          <span>{toast.message}</span>
          <button
            type="button"
            className="ghost small"
            onClick={() => onDismiss(toast.id)}
            aria-label="Dismiss"
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
