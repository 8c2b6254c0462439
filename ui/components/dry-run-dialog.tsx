import { useEffect, useState } from "react";
import type { TargetView } from "../../server/protocol";
import { api, messageOf, type PreviewItem, type PreviewKind } from "../api";
import { Modal } from "./modal";
import { RenderedRequest } from "./rendered-request";
import "./dry-run-dialog.css";

interface Props {
  target: TargetView;
  onClose: () => void;
}

const KINDS: ReadonlyArray<{ id: PreviewKind; label: string }> = [
  { id: "incremental", label: "Next incremental" },
  { id: "full", label: "Full" },
];

/** What the next cycle would send, rendered by the target's dialect; nothing goes over the wire. */
export function DryRunDialog({ target, onClose }: Props) {
  const [kind, setKind] = useState<PreviewKind>("incremental");
  const [items, setItems] = useState<PreviewItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    setItems(null);
    setError(null);
    api.previewTarget(target.id, kind).then(
      (list) => alive && setItems(list),
      (err: unknown) => alive && setError(messageOf(err)),
    );
    return () => {
      alive = false;
    };
  }, [target.id, kind]);

  const nameOf = (item: PreviewItem): string => item.name;
  const requests = items?.reduce((n, item) => n + item.exchanges.length, 0) ?? 0;

  return (
    <Modal title={`Dry run · ${target.name}`} onClose={onClose} testId="dry-run" wide>
      <div className="modal-body">
        <div className="dry-run-bar">
          <div className="segmented">
            {KINDS.map((k) => (
              <button
                key={k.id}
                type="button"
                aria-pressed={kind === k.id}
                className={kind === k.id ? "selected" : ""}
                onClick={() => setKind(k.id)}
                data-testid={`dry-run-kind-${k.id}`}
              >
                {k.label}
              </button>
            ))}
          </div>
          {items && (
            <span className="muted" data-testid="dry-run-count">
              {items.length} operation{items.length === 1 ? "" : "s"} · {requests} request
              {requests === 1 ? "" : "s"} · nothing sent
            </span>
          )}
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {items === null && !error && <p className="muted">Rendering…</p>}
        {items?.length === 0 && (
          <p className="empty" data-testid="dry-run-empty">
            Nothing would be sent: the target is up to date for a{kind === "incremental" ? "n" : ""} {kind}{" "}
            cycle.
          </p>
        )}
        {items && items.length > 0 && (
          <ol className="dry-run-list">
            {items.map((item) => (
              <li
                key={`${item.userId ?? item.groupId}:${item.operation}`}
                className="dry-run-item"
                data-testid="dry-run-item"
                data-operation={item.operation}
              >
                <div className="dry-run-head">
                  <span className="pill pill-accent">{item.operation}</span>
                  <b className="cell-ellipsis">{nameOf(item)}</b>
                  <span className="muted">
                    {item.exchanges.length} request{item.exchanges.length === 1 ? "" : "s"}
                  </span>
                </div>
                <ol className="rendered-list">
                  {item.exchanges.map((exchange, i) => (
                    <RenderedRequest
                      // A rendering's requests are an ordered script; position is their identity.
                      // biome-ignore lint/suspicious/noArrayIndexKey: see above
                      key={i}
                      step={i + 1}
                      exchange={exchange}
                      baseline={null}
                      baseUrl={target.baseUrl}
                      profile={target.profile}
                    />
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Modal>
  );
}
